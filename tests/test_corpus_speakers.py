"""Speakers across articles: merges with reasons, surnames, roles, corrections. Pure functions, invented names."""

from __future__ import annotations

from newsprobe.corpus.speakers import build_registry, find_person, name_key, same_speaker
from newsprobe.models import Person, SpeakerAppearance, SpeakerCorrection

_COUNTER = iter(range(10_000))


def said(name: str, article: str, *, outlet: str = "Gulf Ledger", published: str | None = "2024-03-01",
         role: str | None = None, mention: str | None = None, kind: str = "named_person") -> SpeakerAppearance:
    index = next(_COUNTER)
    return SpeakerAppearance(f"{article}#{index}", article, outlet, published, name, kind, mention or name, role,
                             f"statement {index}")


def person_named(people: list[Person], name: str) -> Person:
    found = find_person(people, name)
    assert found is not None, f"{name} not in {[p.name for p in people]}"
    return found


def test_name_key_sets_titles_case_accents_and_punctuation_aside() -> None:
    assert name_key("Gen. Hadi Al-Ameri") == "hadi al ameri"
    assert name_key("Dr Zoë Kastrati") == "zoe kastrati"
    assert name_key("The Port Authority") == "port authority"


def test_transliteration_variants_merge_with_their_similarity() -> None:
    people = build_registry([said("Hadi al-Ameri", "a1"), said("Hadi al-Ameri", "a2"),
                             said("Hadi al-Amiri", "a3", outlet="River Post")])
    assert len(people) == 1
    [hadi] = people
    assert hadi.name == "Hadi al-Ameri" and hadi.variants == ("Hadi al-Amiri",)
    merge = next(m for m in hadi.merges if m.variant == "Hadi al-Amiri")
    assert merge.code == "transliteration"
    assert "similarity 0.9" in merge.reason and "Hadi al-Ameri" in merge.reason
    assert hadi.outlets == ("Gulf Ledger", "River Post")


def test_two_known_people_sharing_a_surname_stay_apart() -> None:
    people = build_registry([said("Hadi al-Ameri", "a1"), said("Karim al-Ameri", "a2"),
                             said("Huda al-Ameri", "a3")])
    assert sorted(person.name for person in people) == ["Hadi al-Ameri", "Huda al-Ameri", "Karim al-Ameri"]


def test_surname_only_joins_the_one_person_of_its_article_first() -> None:
    people = build_registry([
        said("Hadi al-Ameri", "a1"), said("Karim al-Ameri", "a2"),
        said("Karim al-Ameri", "a3"), said("Ameri", "a3"),  # a3 knows only Karim
    ])
    karim = person_named(people, "Karim al-Ameri")
    merge = next(m for m in karim.merges if m.variant == "Ameri")
    assert (merge.code, merge.article_id) == ("surname_in_article", "a3")
    assert merge.reason == "surname of the only Karim al-Ameri in the article"
    assert len(people) == 2


def test_surname_only_with_two_candidates_in_the_corpus_stays_apart_and_says_why() -> None:
    people = build_registry([said("Hadi al-Ameri", "a1"), said("Karim al-Ameri", "a2"), said("Ameri", "a3")])
    alone = person_named(people, "Ameri")
    assert len(alone.appearances) == 1
    assert alone.merges[0].code == "ambiguous_surname"
    assert "Hadi al-Ameri" in alone.merges[0].reason and "Karim al-Ameri" in alone.merges[0].reason


def test_surname_only_joins_the_only_such_person_in_the_corpus() -> None:
    people = build_registry([said("Lina Okafor", "a1"), said("Okafor", "a2"), said("Samir al-Hadidi", "a1"),
                             said("al-Hadidi", "a3")])
    lina, samir = sorted(people, key=lambda person: person.name)
    assert "al-Hadidi" in samir.variants  # a surname with its particle
    merge = next(m for m in lina.merges if m.variant == "Okafor")
    assert merge.code == "surname_in_corpus" and merge.reason == "surname of the only Lina Okafor in the corpus"


def test_a_single_word_joins_a_surname_it_spells_not_one_it_only_shares_consonants_with() -> None:
    # "Tomas" alone (a source known by a first name) shares the skeleton "tms" with the surname "Timms".
    people = build_registry([said("Greta Timms", "a1"), said("Tomas", "a1"), said("Timms", "a2")])
    greta = person_named(people, "Greta Timms")
    assert "Timms" in greta.variants and "Tomas" not in greta.variants
    assert len(person_named(people, "Tomas").appearances) == 1
    assert not same_speaker("Tomas", "Greta Timms") and same_speaker("Timms", "Greta Timms")


def test_given_names_agree_by_skeleton_short_form_or_one_letter_swapped_only() -> None:
    people = build_registry([said("Eric Walsen", "a1"), said("Rick Wilsen", "a2"), said("Ilona Marsh", "a3"),
                             said("Ilonka Marsh", "a4"), said("Theo Brennan", "a5"), said("Theodore Brennan", "a6"),
                             said("Karsten Olde", "a7"), said("Krasten Olde", "a8")])
    assert len(person_named(people, "Eric Walsen").appearances) == 1  # "eric" / "rick" 0.75, but e / r
    assert len(person_named(people, "Ilona Marsh").appearances) == 1  # a mother and a daughter, say
    assert person_named(people, "Theo Brennan") == person_named(people, "Theodore Brennan")
    assert person_named(people, "Karsten Olde") == person_named(people, "Krasten Olde")


def test_a_generation_suffix_names_another_person() -> None:
    people = build_registry([said("Walter Brandt", "a1"), said("Walter Brandt Jr.", "a2"),
                             said("Walter Brandt Jr", "a3"), said("Brandt", "a4")])
    father, son = person_named(people, "Walter Brandt"), person_named(people, "Walter Brandt Jr.")
    assert father.id != son.id and son.variants == ("Walter Brandt Jr",)
    assert person_named(people, "Brandt").merges[0].code == "ambiguous_surname"  # the father or the son
    assert name_key("Walter Brandt Jr.") == "walter brandt jr"
    assert not same_speaker("Walter Brandt Jr.", "Walter Brandt")


def test_roles_over_time_and_role_only_mentions_keep_their_reason() -> None:
    people = build_registry([
        said("Lina Okafor", "a1", published="2023-01-10", role="deputy mayor"),
        said("Lina Okafor", "a2", published="2023-06-02", role="the deputy mayor"),
        said("Lina Okafor", "a3", published="2024-02-20", role="a mayor of Port Ellis"),
        said("Lina Okafor", "a3", published="2024-02-20", mention="the mayor"),
    ])
    [lina] = people
    assert [(r.role, r.first_seen, r.last_seen, r.articles) for r in lina.roles] == [
        ("deputy mayor", "2023-01-10", "2023-06-02", 2), ("mayor of Port Ellis", "2024-02-20", "2024-02-20", 1)]
    role = next(m for m in lina.merges if m.code == "role_in_article")
    assert role.variant == "the mayor" and role.article_id == "a3" and "Lina Okafor" in role.reason


def test_organisations_merge_on_their_name_only() -> None:
    people = build_registry([
        said("the Harbour Authority", "a1", kind="named_organization"),
        said("Harbour Authority", "a2", kind="named_organization"),
        said("Harbour Guild", "a3", kind="named_organization"),
    ])
    assert sorted(person.name for person in people) == ["Harbour Authority", "Harbour Guild"]
    authority = person_named(people, "Harbour Authority")
    assert authority.type == "named_organization" and authority.id.startswith("org-")
    assert {m.code for m in authority.merges} == {"canonical", "same_name"}


def test_every_variant_has_a_reason() -> None:
    people = build_registry([said("Hadi al-Ameri", "a1"), said("Hadi al-Amiri", "a2"), said("Ameri", "a2"),
                             said("HADI AL-AMERI", "a3")])
    [hadi] = people
    for variant in {appearance.name for appearance in hadi.appearances}:
        assert any(merge.variant == variant and merge.reason for merge in hadi.merges), variant


def test_ids_are_stable_and_reuse_known_ids() -> None:
    rows = [said("Hadi al-Ameri", "a1"), said("Hadi al-Amiri", "a2")]
    first = build_registry(rows)
    assert build_registry(list(reversed(rows)))[0].id == first[0].id
    # The store hands back ids by name key: a person keeps theirs when the canonical spelling changes.
    more = [*rows, said("Hadi al-Amiri", "a3"), said("Hadi al-Amiri", "a4")]
    again = build_registry(more, known_ids={"hadi al ameri": first[0].id})
    assert again[0].name == "Hadi al-Amiri" and again[0].id == first[0].id


def test_user_merge_and_split_by_names() -> None:
    rows = [said("Hadi al-Ameri", "a1"), said("Hadi al-Amiri", "a2"), said("Abu Fadhil", "a3"),
            said("Hadi al-Ameri", "a4")]
    merged = build_registry(rows, [SpeakerCorrection("merge", "Hadi al-Ameri", "Abu Fadhil")])
    hadi = person_named(merged, "Hadi al-Ameri")
    assert "Abu Fadhil" in hadi.variants
    assert next(m for m in hadi.merges if m.variant == "Abu Fadhil").code == "user_merge"

    split = build_registry(rows, [SpeakerCorrection("split", "Hadi al-Ameri", "Hadi al-Amiri")])
    assert "Hadi al-Amiri" not in person_named(split, "Hadi al-Ameri").variants
    amiri = next(person for person in split if person.name == "Hadi al-Amiri")
    assert amiri.id != person_named(split, "Hadi al-Ameri").id

    # A split in one article only: the same spelling elsewhere still merges.
    rows.append(said("Hadi al-Amiri", "a5"))
    only_a2 = build_registry(rows, [SpeakerCorrection("split", "Hadi al-Ameri", "Hadi al-Amiri", "a2")])
    hadi = person_named(only_a2, "Hadi al-Ameri")
    assert {a.article_id for a in hadi.appearances} == {"a1", "a4", "a5"}


def test_same_speaker() -> None:
    assert same_speaker("Hadi al-Ameri", "Hadi al-Amiri")
    assert same_speaker("Ameri", "Hadi al-Ameri")
    assert not same_speaker("Hadi al-Ameri", "Karim al-Ameri")
