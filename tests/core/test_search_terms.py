"""How a search reads a query: Kazakh and Russian endings, Latin and Cyrillic spellings."""

from baqylau.core.search import query_terms, stem, stem_lookups


def test_kazakh_endings_are_stripped_down_to_a_stem():
    assert stem("мектептерге") == "мектеп"
    assert stem("мектептер") == "мектеп"
    assert stem("школы") == "школ"
    assert stem("су") == "су"  # too short to lose anything
    (term,) = query_terms("мектеп")
    assert {"мектеп", "мектеб", "mektep"} <= term.stems  # "мектебі" voices the п


def test_latin_query_is_read_in_cyrillic_too():
    (term,) = query_terms("Mektep")
    assert {"mektep", "мектеп", "мектеб"} <= term.stems


def test_a_short_stem_is_looked_for_where_a_word_begins():
    assert stem_lookups("мектеп") == [("contains", "мектеп")]
    assert ("contains", " су") in stem_lookups("су")
    assert ("contains", "су") not in stem_lookups("су")


def test_a_latin_word_is_also_read_without_the_letters_of_kazakh_alone():
    (term,) = query_terms("ekibastuz")
    assert "екибастуз" in term.folded
    (term,) = query_terms("Екібастұз")
    assert not term.folded  # typed in Cyrillic: read as typed
