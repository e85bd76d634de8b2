"""Parties matched to the registry's organisations by BIN or by hand; processes linked to objects
by ocid, contract number or by hand, and to planning documents; the back office's screens."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from baqylau.procurement.importer import import_ocds
from baqylau.procurement.models import ContractingProcess, Party, ProcessObject
from baqylau.registry.models import Organisation

from ..factories import OrganisationFactory, PlanningDocumentFactory, ProjectObjectFactory

BUYER_BIN = "123456789012"  # the buyer of the releases of conftest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_bin_is_twelve_digits():
    organisation = OrganisationFactory(bin="12345")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert error.value.message_dict["bin"] == ["A BIN is 12 digits."]
    organisation.bin = "123456789012"
    organisation.full_clean()


def test_parties_with_a_bin_are_matched_and_stay_matched(
    write, releases, release_package, time_machine
):
    department = OrganisationFactory(bin=BUYER_BIN)
    import_ocds([write(release_package(releases["tender"]("ocds-kz-1")))])
    process = ContractingProcess.objects.get()
    assert process.buyer.organisation == department
    assert process.buyer.matched_by is None
    assert process.buyer.matched_at is not None
    # Tenderers without a BIN in the registry stay unmatched.
    assert Party.objects.filter(organisation=None).count() == 2
    # The organisation's BIN moves; the party matched once stays matched.
    Organisation.objects.filter(pk=department.pk).update(bin=None)
    import_ocds([write(release_package(releases["award"]("ocds-kz-1")))])
    process.refresh_from_db()
    assert process.buyer.organisation == department


def test_processes_link_to_objects_by_ocid_and_contract_number(write, releases, release_package):
    document = PlanningDocumentFactory(code="PAV-2025")
    by_ocid = ProjectObjectFactory(ocid="ocds-kz-1", document=document)
    by_number = ProjectObjectFactory(contract_number="C-7")
    ProjectObjectFactory(contract_number="")
    import_ocds(
        [
            write(
                release_package(
                    releases["tender"]("ocds-kz-1"),
                    releases["tender"]("ocds-kz-2"),
                    releases["award"]("ocds-kz-2", contract_id="C-7"),
                )
            )
        ]
    )
    links = set(ProcessObject.objects.values_list("process__ocid", "object", "link"))
    assert links == {
        ("ocds-kz-1", by_ocid.pk, "ocid"),
        ("ocds-kz-2", by_number.pk, "contract_number"),
    }
    # The document comes through the linked object when the data names none.
    assert ContractingProcess.objects.get(ocid="ocds-kz-1").document == document
    assert ContractingProcess.objects.get(ocid="ocds-kz-2").document == by_number.document


def test_the_budget_names_the_planning_document(write, releases, release_package):
    document = PlanningDocumentFactory(code="PAV-2025")
    release = releases["tender"]("ocds-kz-1")
    release["planning"] = {"budget": {"projectID": "PAV-2025", "description": "Schools"}}
    import_ocds([write(release_package(release))])
    assert ContractingProcess.objects.get().document == document


def test_manual_links_stay_on_reimport(write, releases, release_package, erin):
    from baqylau.procurement import services

    school = ProjectObjectFactory()
    import_ocds([write(release_package(releases["tender"]("ocds-kz-1")))])
    process = ContractingProcess.objects.get()
    services.process_object_link(process=process, project_object=school, actor=erin)
    import_ocds([write(release_package(releases["award"]("ocds-kz-1")))])
    link = ProcessObject.objects.get()
    assert (link.object, link.link, link.linked_by) == (school, "manual", erin)
    assert process.releases.count() == 2
    services.process_object_unlink(link=link, actor=erin)
    assert not ProcessObject.objects.exists()


def test_a_link_found_in_the_data_is_not_removed_by_hand(write, releases, release_package, erin):
    from baqylau.procurement import services

    ProjectObjectFactory(ocid="ocds-kz-1")
    import_ocds([write(release_package(releases["tender"]("ocds-kz-1")))])
    with pytest.raises(ValidationError):
        services.process_object_unlink(link=ProcessObject.objects.get(), actor=erin)


# --- the back office -------------------------------------------------------------------------


@pytest.fixture
def loaded(write, releases, release_package):
    import_ocds(
        [
            write(
                release_package(
                    releases["tender"]("ocds-kz-1"),
                    releases["tender"]("ocds-kz-2"),
                    releases["award"]("ocds-kz-2"),
                )
            )
        ]
    )
    return ContractingProcess.objects.get(ocid="ocds-kz-1")


@pytest.fixture
def editor(erin):
    """Erin, staff, given the right to change parties and links."""
    from django.contrib.auth.models import Permission

    erin.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="procurement",
            codename__in=["change_party", "add_processobject", "delete_processobject"],
        )
    )
    return erin


SCREENS = [
    ("admin:procurement_party_unmatched", False),
    ("admin:procurement_party_match", True),
    ("admin:procurement_contractingprocess_objects", True),
]


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "coordinator", "monitor", "officer", "moderator"]
)
def test_the_screens_are_refused_to_all_but_staff(as_persona, loaded, who):
    client = as_persona(who)
    party = Party.objects.first()
    for name, with_pk in SCREENS:
        pk = (party.pk if "party" in name else loaded.pk) if with_pk else None
        url = reverse(name, args=[pk] if pk else [])
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        response = client.post(url, {"organisation": 1, "object": 1})
        assert response.status_code == 302
    assert not Party.objects.exclude(organisation=None).exists()


def test_staff_without_the_permission_are_refused(client, erin, loaded):
    client.force_login(erin)
    party = Party.objects.first()
    for url in (
        reverse("admin:procurement_party_unmatched"),
        reverse("admin:procurement_party_match", args=[party.pk]),
        reverse("admin:procurement_contractingprocess_objects", args=[loaded.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"organisation": 1}).status_code == 403


def test_an_editor_matches_the_buyers_first(client, editor, loaded, django_assert_max_num_queries):
    department = OrganisationFactory(name_en="Pavlodar education department", bin=None)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:procurement_party_unmatched"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    parties = list(page.context["parties"])
    # The buyer of two processes first.
    assert parties[0].name == "Pavlodar education department"
    assert parties[0].buys == 2
    buyer = parties[0]
    url = reverse("admin:procurement_party_match", args=[buyer.pk])
    found = client.get(url, {"q": "pavlodar education"})
    assert department in list(found.context["candidates"])
    response = client.post(url, {"organisation": department.pk})
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert (buyer.organisation, buyer.matched_by) == (department, editor)
    assert buyer.matched_at is not None
    # Nothing chosen: an error, nothing saved.
    other = Party.objects.filter(organisation=None).first()
    client.post(reverse("admin:procurement_party_match", args=[other.pk]), {})
    other.refresh_from_db()
    assert other.organisation is None


def test_the_administrator_links_and_unlinks_an_object(client, root, loaded):
    school = ProjectObjectFactory(name_en="School No. 5", name_ru="Школа № 5")
    client.force_login(root)
    url = reverse("admin:procurement_contractingprocess_objects", args=[loaded.pk])
    page = client.get(url, {"q": "школа"})
    assert school in list(page.context["candidates"])
    client.post(url, {"object": school.pk})
    link = ProcessObject.objects.get()
    assert (link.process, link.object, link.link, link.linked_by) == (
        loaded,
        school,
        "manual",
        root,
    )
    client.post(url, {"unlink": link.pk})
    assert not ProcessObject.objects.exists()


def test_the_loaded_facts_are_read_only_in_the_admin(client, root, loaded):
    client.force_login(root)
    response = client.get(
        reverse("admin:procurement_contractingprocess_change", args=[loaded.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.get(reverse("admin:procurement_party_changelist")).status_code == 200
    assert client.get(reverse("admin:procurement_release_changelist")).status_code == 200
