"""One speaker across articles: spelling variants, surname-only mentions and roles merged into a ``Person``.

Within an article the analysis has already resolved ``he``, a surname or a role ("the commander") to the full
name introduced earlier; across articles the same person is spelled ``Hadi al-Ameri`` by one outlet and
``Hadi al-Amiri`` by the next, or named by surname only. ``build_registry`` merges them in three steps, each
with a reason that is kept on the person:

1. names that are equal once case, accents, titles and punctuation are set aside (``same_name``);
2. full names whose surnames share a consonant skeleton (the part transliteration does not change) and whose
   whole names are close by rapidfuzz (``transliteration``), given names included, so two people who only share
   a surname (``Hadi al-Ameri``, ``Karim al-Ameri``) are never merged;
3. a surname-only name joins the one known person with that surname in its article, else in the corpus; when
   two known people fit, it stays apart, and says so.

User corrections (``SpeakerCorrection``) are applied on top, by names, so they hold after re-analysis. Pure
functions over ``models`` objects; nothing here reads spaCy or a database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsprobe.extract.cues import NAME_PARTICLES, TITLE_WORDS
from newsprobe.models import Analysis, Person, RoleSeen, SpeakerAppearance, SpeakerCorrection, SpeakerMerge

__all__ = ["MERGE_SIMILARITY", "build_registry", "find_person", "name_key", "same_speaker", "speaker_appearances"]

# The speaker types that name somebody; unnamed sources ("officials") and the author are not people to merge.
NAMED_TYPES = frozenset({"named_person", "named_organization"})
# Whole-name similarity (mean of the rapidfuzz ratios of the spellings and of their consonant skeletons, 0..1) over
# which two full names with the same surname skeleton are one person. Transliteration variants score 0.85-0.95
# ("hadi ameri" / "hadi amiri" 0.95, "mohammed salih" / "muhammad saleh" 0.86); the given names are checked on
# their own first, so a shared surname never carries two people together.
MERGE_SIMILARITY = 0.8
# Given names must agree this well: "Hadi" / "Hady" 0.75 and "Mohammed" / "Muhammad" 0.75 pass, "Hadi" / "Karim"
# 0.22 and "Hadi" / "Huda" 0.5 do not; names with the same skeleton need only 0.6 ("Qassem" / "Kasim" 0.62).
_GIVEN_SIMILARITY = 0.75
_GIVEN_SKELETON = 0.6
_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "we", "it", "i", "you"})
_LEGAL_FORMS = frozenset({"corp", "inc", "ltd", "co", "llc", "plc", "limited", "incorporated", "corporation"})
# Generational suffixes name another person (a father and his son): they stay in the key and must agree.
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# A surname alone joins a full name whose surname it spells this nearly ("ameri" / "amiri" 0.8, "hadidi" /
# "hadeedi" 0.77), besides the shared consonant skeleton: a short word alone shares skeletons too easily
# ("bob" / "beebe" 0.5 share "bb"; a first name used alone is no surname of a stranger).
_SURNAME_SIMILARITY = 0.75
_SURNAME_MIN_VARIANT_LENGTH = 5
# Consonant pairs that transliterations write as one letter ("Khalil"/"Halil" stays apart, but "Qassem"/"Kassem"
# and "Dhiya"/"Diya" meet).
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ph", "f"), ("q", "k"), ("c", "k"),
             ("w", "v"), ("j", "y"))


def name_key(name: str) -> str:
    """A name with case, accents, titles, punctuation and legal forms set aside: ``Gen. Hadi Al-Ameri`` ->
    ``hadi al ameri``. Two speakers with the same key are the same name."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()
    plain = re.sub(r"['’‘`]s\b", "", plain)  # "the Guild's council" -> "the guild council"
    plain = re.sub(r"['’‘`ʿʾ]", "", plain)  # "Ba'ath" / "Baath": transliterations drop the apostrophe freely
    words = re.findall(r"\w+", plain)
    while len(words) > 1 and (words[0] in TITLE_WORDS or words[0] == "the"):
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words = words[:-1]
    return " ".join(words)


def _skeleton(word: str) -> str:
    """The consonants transliteration keeps: first letter, then no vowels, digraphs folded, no doubles."""
    if not word:
        return ""
    folded = word
    for pair, single in _DIGRAPHS:
        folded = folded.replace(pair, single)
    first, rest = folded[0], re.sub(r"[aeiouy]", "", folded[1:])
    if first in "aeiouy":
        first = "a"  # "Ameri" / "Emeri" / "Omari": the opening vowel is the one transliteration varies most
    return re.sub(r"(.)\1+", r"\1", first + rest)


def _name_parts(key: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a person's name key, particles and a generation left out: ``hadi al ameri`` ->
    ((hadi,), ameri), ``john smith jr`` -> ((john,), smith)."""
    words = [word for word in key.split() if word not in NAME_PARTICLES]
    if len(words) > 1 and words[-1] in _GENERATIONS:
        words = words[:-1]
    if not words:
        return (), key
    return tuple(words[:-1]), words[-1]


def _generation(key: str) -> str:
    """The generational suffix of a name key (``jr``), or ""."""
    words = key.split()
    return words[-1] if len(words) > 1 and words[-1] in _GENERATIONS else ""


def _surnames_agree(alone: str, full: str) -> bool:
    if alone == full:
        return True
    # Spelled differently: only names long enough to be transliterated ("Ameri" / "Amiri"); short words that
    # differ by a vowel are other words ("Bell" / "Bill", "Brad" / "Brady").
    return (min(len(alone), len(full)) >= _SURNAME_MIN_VARIANT_LENGTH and _skeleton(alone) == _skeleton(full)
            and fuzz.ratio(alone, full) / 100 >= _SURNAME_SIMILARITY)


def _plain(key: str) -> str:
    return " ".join(word for word in key.split() if word not in NAME_PARTICLES) or key


def speaker_appearances(analysis: Analysis) -> list[SpeakerAppearance]:
    """The named speakers of one analysis, one row each attribution, with the article's metadata."""
    article = analysis.article
    published = article.published or (analysis.reference_date.value if analysis.reference_date else None)
    rows = []
    for index, attribution in enumerate(analysis.attributions):
        speaker = attribution.speaker
        if speaker.name is None or speaker.type not in NAMED_TYPES:
            continue
        rows.append(SpeakerAppearance(
            attribution_id=f"{article.id}#{index}", article_id=article.id, outlet=article.outlet,
            published=published, name=speaker.name, type=speaker.type,
            mention=speaker.mention.text if speaker.mention else None, role=speaker.role,
            content=attribution.content.text))
    return rows


@dataclass
class _Group:
    """Appearances that share a name key (or are pinned together by a split)."""

    key: str
    type: str
    appearances: list[SpeakerAppearance] = field(default_factory=list)
    pinned: bool = False  # split off by a user: joins nothing automatically

    @property
    def full(self) -> bool:
        return self.type == "named_person" and len(_name_parts(self.key)[0]) >= 1


class _Clusters:
    """Union-find over group keys that remembers why each group joined."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}
        self.reasons: dict[str, tuple[str, str]] = {}  # group key -> (code, reason) of the union that joined it

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keep: str, join: str, code: str, reason: str) -> None:
        root_keep, root_join = self.find(keep), self.find(join)
        if root_keep == root_join:
            return
        self.parent[root_join] = root_keep
        self.reasons.setdefault(join, (code, reason))


def _given_names_agree(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    if not first or not second:
        return False
    # Compare the first given names: a middle name may be left out by one outlet.
    a, b = first[0], second[0]
    similarity = fuzz.ratio(a, b) / 100
    # A shared skeleton alone is too loose for short names ("Hadi" / "Huda" share "hd"): it lowers the bar only.
    if _skeleton(a) == _skeleton(b) and similarity >= _GIVEN_SKELETON:
        return True
    # A short form ("Pete" / "Peter", "Geoff" / "Geoffrey") is the same name.
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    # Otherwise only a letter swapped for another in a name that begins alike ("Kirsten" / "Kristen"): a letter
    # more or less makes another name ("Ivana" / "Ivanka" 0.91), as does another first letter ("Eric" / "Rick").
    return similarity >= _GIVEN_SIMILARITY and a[0] == b[0] and len(a) == len(b)


def _transliteration_similarity(first: str, second: str) -> float | None:
    """Similarity when two full person names can be one person's transliterations, else None."""
    given_a, surname_a = _name_parts(first)
    given_b, surname_b = _name_parts(second)
    if (_skeleton(surname_a) != _skeleton(surname_b) or not _given_names_agree(given_a, given_b)
            or _generation(first) != _generation(second)):
        return None
    plain_a, plain_b = _plain(first), _plain(second)
    skeletons_a = " ".join(_skeleton(word) for word in plain_a.split())
    skeletons_b = " ".join(_skeleton(word) for word in plain_b.split())
    # Half spelling, half skeleton: "mohammed salih" / "muhammad saleh" is 0.71 by spelling but 1.0 by skeleton.
    similarity = (fuzz.ratio(plain_a, plain_b) + fuzz.ratio(skeletons_a, skeletons_b)) / 200
    return similarity if similarity >= MERGE_SIMILARITY else None


def _is_split(appearance: SpeakerAppearance, corrections: Sequence[SpeakerCorrection]) -> SpeakerCorrection | None:
    for correction in corrections:
        if correction.action != "split":
            continue
        if correction.article_id is not None and correction.article_id != appearance.article_id:
            continue
        variant = name_key(correction.other)
        if variant in (name_key(appearance.name), name_key(appearance.mention or "")):
            return correction
    return None


def build_registry(
    appearances: Iterable[SpeakerAppearance],
    corrections: Sequence[SpeakerCorrection] = (),
    known_ids: Mapping[str, str] | None = None,
) -> list[Person]:
    """Merge named speakers across articles into people, most quoted first.

    ``known_ids`` maps name keys to person ids handed out before (the store keeps them), so a person keeps
    their id when articles are re-analysed or added; ids are otherwise made from the canonical name.
    """
    groups: dict[str, _Group] = {}
    for appearance in appearances:
        if appearance.type not in NAMED_TYPES or not appearance.name.strip():
            continue
        key = name_key(appearance.name)
        split = _is_split(appearance, corrections)
        group_key = f"{appearance.type}|{key}"
        if split is not None:
            group_key += f"|split from {name_key(split.name)}"
        group = groups.setdefault(group_key, _Group(key, appearance.type, pinned=split is not None))
        group.appearances.append(appearance)

    clusters = _Clusters(groups)
    _merge_transliterations(groups, clusters)
    surname_home = _resolve_surnames(groups, clusters)
    _apply_user_merges(groups, clusters, corrections)

    members: dict[str, list[tuple[str, SpeakerAppearance]]] = defaultdict(list)
    for group_key, group in groups.items():
        for appearance in group.appearances:
            home = surname_home.get((group_key, appearance.attribution_id), group_key)
            members[clusters.find(home)].append((group_key, appearance))
    people = [_person(rows, groups, clusters, surname_home) for rows in members.values()]
    people.sort(key=lambda person: (-len(person.appearances), person.name))
    return _assign_ids(people, known_ids or {})


def _merge_transliterations(groups: Mapping[str, _Group], clusters: _Clusters) -> None:
    """Step 2: full names in one surname block that are one name transliterated two ways."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for group_key, group in groups.items():
        if group.full and not group.pinned:
            blocks[_skeleton(_name_parts(group.key)[1])].append(group_key)
    for block in blocks.values():
        # Most quoted first, so the variant a reason names is the common spelling.
        ordered = sorted(block, key=lambda key: (-len(groups[key].appearances), key))
        for index, keep in enumerate(ordered):
            for join in ordered[index + 1:]:
                similarity = _transliteration_similarity(groups[keep].key, groups[join].key)
                if similarity is not None:
                    canonical = groups[keep].appearances[0].name
                    clusters.union(keep, join, "transliteration",
                                   f"transliteration variant of {canonical} (similarity {similarity:.2f})")


def _resolve_surnames(groups: Mapping[str, _Group], clusters: _Clusters) -> dict[tuple[str, str], str]:
    """Step 3: each surname-only appearance goes to the one known person with that surname, in its article first.

    Returns (group key, attribution id) -> the group key of the person it joined; the join's reason is kept
    in ``clusters.reasons`` under a per-article key.
    """
    by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)  # skeleton -> (cluster root, surname)
    articles_of: dict[str, set[str]] = defaultdict(set)  # cluster root -> article ids
    for group_key, group in groups.items():
        if group.full and not group.pinned:
            root, surname = clusters.find(group_key), _name_parts(group.key)[1]
            by_surname[_skeleton(surname)].add((root, surname))
            articles_of[root].update(appearance.article_id for appearance in group.appearances)
    home: dict[tuple[str, str], str] = {}
    for group_key, group in groups.items():
        if group.type != "named_person" or group.full or group.pinned:
            continue
        alone = _name_parts(group.key)[1]
        candidates = {root for root, surname in by_surname.get(_skeleton(alone), set())
                      if _surnames_agree(alone, surname)}
        for appearance in group.appearances:
            in_article = sorted(root for root in candidates if appearance.article_id in articles_of[root])
            where, fits = ("article", in_article) if in_article else ("corpus", sorted(candidates))
            if len(fits) == 1:
                home[(group_key, appearance.attribution_id)] = fits[0]
                full_name = groups[fits[0]].appearances[0].name
                clusters.reasons[f"{group_key}@{appearance.article_id}"] = (
                    f"surname_in_{where}", f"surname of the only {full_name} in the {where}")
            elif len(fits) > 1:
                names = " or ".join(groups[root].appearances[0].name for root in fits)
                clusters.reasons.setdefault(group_key, ("ambiguous_surname",
                                                        f"a surname only, kept apart: it could be {names}"))
    return home


def _apply_user_merges(groups: Mapping[str, _Group], clusters: _Clusters,
                       corrections: Sequence[SpeakerCorrection]) -> None:
    for correction in corrections:
        if correction.action != "merge":
            continue
        first = [key for key, group in groups.items() if group.key == name_key(correction.name)]
        second = [key for key, group in groups.items() if group.key == name_key(correction.other)]
        for keep in first[:1]:
            for join in second:
                clusters.union(keep, join, "user_merge", f"merged by a user with {correction.name}")


def _person(rows: list[tuple[str, SpeakerAppearance]], groups: Mapping[str, _Group], clusters: _Clusters,
            surname_home: Mapping[tuple[str, str], str]) -> Person:
    appearances = sorted((appearance for _, appearance in rows),
                         key=lambda item: (item.published or "9999", item.article_id, item.attribution_id))
    # Canonical: the most used full spelling; among equals one without a leading "the" and not in capitals,
    # then the longer, then the alphabetically first.
    counts = Counter(appearance.name for group_key, appearance in rows if groups[group_key].full
                     or groups[group_key].type != "named_person")
    if not counts:
        counts = Counter(appearance.name for _, appearance in rows)
    canonical = min(counts, key=lambda name: (-counts[name], name.casefold().startswith("the "), name.isupper(),
                                              -len(name), name))
    kind = Counter(appearance.type for appearance in appearances).most_common(1)[0][0]
    merges = _merges(rows, canonical, groups, clusters, surname_home)
    outlet_counts = Counter(appearance.outlet for appearance in appearances if appearance.outlet)
    return Person(
        id="", name=canonical, type=kind,
        variants=tuple(sorted({appearance.name for appearance in appearances} - {canonical})),
        roles=_roles(appearances),
        outlets=tuple(sorted(outlet_counts, key=lambda outlet: (-outlet_counts[outlet], outlet))),
        appearances=tuple(appearances), merges=merges)


def _merges(rows: list[tuple[str, SpeakerAppearance]], canonical: str, groups: Mapping[str, _Group],
            clusters: _Clusters, surname_home: Mapping[tuple[str, str], str]) -> tuple[SpeakerMerge, ...]:
    seen: dict[tuple[str, str | None], SpeakerMerge] = {}
    canonical_key = name_key(canonical)
    for group_key, appearance in rows:
        name, group = appearance.name, groups[group_key]
        if (group_key, appearance.attribution_id) in surname_home:
            code, reason = clusters.reasons[f"{group_key}@{appearance.article_id}"]
            seen.setdefault((name, appearance.article_id), SpeakerMerge(name, code, reason, appearance.article_id))
        elif name == canonical:
            code, reason = clusters.reasons.get(group_key, ("canonical", "the most used spelling"))
            if code != "ambiguous_surname":
                code, reason = "canonical", "the most used spelling"
            seen.setdefault((name, None), SpeakerMerge(name, code, reason))
        elif group.key == canonical_key:
            seen.setdefault((name, None), SpeakerMerge(
                name, "same_name", f"same name as {canonical} once case, accents, titles and punctuation are "
                                   "set aside"))
        else:
            code, reason = _reason_of(group_key, clusters, groups)
            seen.setdefault((name, None), SpeakerMerge(name, code, reason))
        mention = appearance.mention
        if (mention and name_key(mention) not in (group.key, "") and mention.casefold() not in _PRONOUNS
                and mention[:1].islower() and not same_speaker(mention, name)):
            # A role-only mention ("the commander said") that the article itself resolved to this name.
            seen.setdefault((mention, appearance.article_id), SpeakerMerge(
                mention, "role_in_article", f"the article resolves {mention!r} to {name}", appearance.article_id))
    return tuple(sorted(seen.values(), key=lambda merge: (merge.code != "canonical", merge.variant,
                                                          merge.article_id or "")))


def _reason_of(group_key: str, clusters: _Clusters, groups: Mapping[str, _Group]) -> tuple[str, str]:
    if group_key in clusters.reasons:
        return clusters.reasons[group_key]
    # The group is the root its cluster was built on, and its spelling is not the canonical one: it joined
    # nobody; the others joined it, each with their own reason.
    if groups[group_key].pinned:
        return "split", "split off by a user"
    return "same_name", "the spelling the other variants were merged into"


def _roles(appearances: Sequence[SpeakerAppearance]) -> tuple[RoleSeen, ...]:
    spans: dict[str, list[SpeakerAppearance]] = defaultdict(list)
    for appearance in appearances:
        if appearance.role:
            spans[_role_key(appearance.role)].append(appearance)
    roles = []
    for seen in spans.values():
        dates = sorted(appearance.published[:10] for appearance in seen if appearance.published)
        written = Counter(_strip_article(appearance.role or "") for appearance in seen).most_common(1)[0][0]
        roles.append(RoleSeen(written, dates[0] if dates else None, dates[-1] if dates else None,
                              len({appearance.article_id for appearance in seen})))
    return tuple(sorted(roles, key=lambda role: (role.first_seen or "9999", role.role)))


def _strip_article(role: str) -> str:
    return re.sub(r"^(?:a|an|the|another)\s+", "", role.strip(), flags=re.IGNORECASE)


def _role_key(role: str) -> str:
    return name_key(_strip_article(role))


def _assign_ids(people: list[Person], known_ids: Mapping[str, str]) -> list[Person]:
    """Reuse an id handed out before for one of the person's names; otherwise make one from the canonical name.

    The most quoted people choose first, so after a split the part that keeps the main name keeps the id.
    """
    used: set[str] = set()
    result = []
    for person in people:
        keys = [name_key(person.name), *sorted(name_key(variant) for variant in person.variants)]
        kind = "org" if person.type == "named_organization" else "person"
        candidates = [known_ids[key] for key in keys if key in known_ids]
        made = f"{kind}-" + hashlib.sha1(f"{person.type}|{keys[0]}".encode()).hexdigest()[:10]
        chosen = next((candidate for candidate in [*candidates, made] if candidate not in used), None)
        if chosen is None:  # the canonical name's id went to another part of a split: number this one
            chosen = next(f"{made}-{n}" for n in range(2, 10_000) if f"{made}-{n}" not in used)
        used.add(chosen)
        result.append(Person(chosen, person.name, person.type, person.variants, person.roles, person.outlets,
                             person.appearances, person.merges))
    return result


def same_speaker(first: str, second: str) -> bool:
    """Whether two speaker names can be one person: the same name, a transliteration, or a surname of the other."""
    a, b = name_key(first), name_key(second)
    if a == b:
        return True
    (given_a, surname_a), (given_b, surname_b) = _name_parts(a), _name_parts(b)
    if not given_a or not given_b:  # a surname alone ("al-Hadidi") fits the full name with that surname
        return _surnames_agree(surname_a, surname_b)
    return _transliteration_similarity(a, b) is not None


def find_person(people: Sequence[Person], wanted: str) -> Person | None:
    """The person with this id, else the one with this name or variant (name keys compared)."""
    for person in people:
        if person.id == wanted:
            return person
    key = name_key(wanted)
    for person in people:
        if key in {name_key(person.name), *(name_key(variant) for variant in person.variants)}:
            return person
    return None
