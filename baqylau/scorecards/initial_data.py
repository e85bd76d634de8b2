"""The kinds of user groups a community scorecard's focus groups are made of, in the three
languages; installed by a data migration, rows that exist are left alone."""

GROUP_KINDS = [
    ("women", "Әйелдер", "Женщины", "Women"),
    ("youth", "Жастар", "Молодёжь", "Youth"),
    ("elderly", "Егде жастағы адамдар", "Пожилые люди", "Elderly people"),
    ("disabilities", "Мүгедектігі бар адамдар", "Люди с инвалидностью", "People with disabilities"),
    ("parents", "Ата-аналар", "Родители", "Parents"),
    ("pupils", "Оқушылар", "Учащиеся", "Pupils"),
    ("patients", "Пациенттер", "Пациенты", "Patients"),
    ("other", "Басқа топ", "Другая группа", "Other group"),
]


def install(get_model) -> None:
    GroupKind = get_model("scorecards", "GroupKind")
    for order, (code, kk, ru, en) in enumerate(GROUP_KINDS, start=1):
        GroupKind.objects.get_or_create(
            code=code,
            defaults={"order": order, "name": en, "name_kk": kk, "name_ru": ru, "name_en": en},
        )
