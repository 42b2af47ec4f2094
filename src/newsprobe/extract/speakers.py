"""Speaker mentions and who they refer to: ``he`` -> ``Hassan Ali``, ``Ameri`` -> ``Hadi al-Ameri``,
``the text`` -> the organisation that issued it.

``describe_mention`` reads the words that name a speaker off the dependency parse; a ``SpeakerResolver``
walks an article in reading order and resolves each mention against the people and organisations
introduced before it. The rules follow what news style guides prescribe (full name and role at first
mention, surname or pronoun after); what they cannot resolve stays visible as an unresolved mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsprobe.extract.cues import DOCUMENT_NOUNS, NAME_PARTICLES, ORGANIZATION_NOUNS, TITLE_WORDS
from newsprobe.extract.people import (
    GENDERED_NOUNS,
    PRONOUN_GENDER,
    PersonMention,
    capitalised,
    capitalised_tokens,
    caption_lines,
    find_people,
    not_a_person,
    organization_names,
    place_words,
)
from newsprobe.models import Speaker
from newsprobe.nlp.convert import article_offset, article_span, doc_text

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"they", "them", "we"})
_THING_PRONOUNS = frozenset({"it"})
# Indefinite pronouns name nobody in particular: "Everyone knows ..." is an unnamed group, never the last speaker.
_INDEFINITE_PRONOUNS = frozenset({"everyone", "everybody", "someone", "somebody", "anyone", "anybody", "nobody",
                                  "many", "some", "others", "few", "most", "all", "none"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Dependents that end a noun phrase's description of the speaker: what follows is more about them.
_CLAUSE_DEPS = frozenset({"relcl", "appos", "punct", "acl", "cc", "conj", "advcl", "ccomp"})
_ORG_LABELS = frozenset({"ORG", "NORP", "FAC"})
_NOT_PERSON_LABELS = _ORG_LABELS | {"GPE", "LOC", "DATE"}
_MAX_MENTION_TOKENS = 10
# How an outlet gets hold of a document it did not write ("a memo obtained by Reuters"): relays.py reads
# the outlet as a relay, so it is not the document's issuer. ("send", "provide" also name the sender:
# "a statement sent by the union" stays the union's.)
_DOCUMENT_SEEING_VERBS = frozenset({"see", "obtain", "review", "read", "examine", "acquire", "view", "leak"})
# Documents a source issues in its own name (a poll or a study speaks for whoever ran it, not for the
# last source quoted): "A statement said ..." right after a source spoke is that source's.
_ISSUED_DOCUMENTS = frozenset({"statement", "release", "letter", "memo", "memorandum", "email", "message", "note",
                               "notice", "communique", "communiqué", "announcement", "post", "tweet", "declaration"})
# Local governments news copy calls by what they are: "the city said" (see SpeakerResolver._municipality).
_MUNICIPALITY_NOUNS = frozenset({"city", "town", "county", "municipality", "village", "township", "district"})
# Where an organisation publishes a document: "a document ... on Northline Railway's website".
_WEB_PLACES = frozenset({"website", "site", "page", "blog", "account", "feed"})
# Nouns news copy uses for sources it does not name: "the official" is not the last named person.
_ANONYMOUS_SOURCE_NOUNS = frozenset({"official", "source", "person", "insider", "aide", "diplomat", "officer",
                                     "spokesperson", "employee", "staffer", "witness", "resident"})
# A role that relates a person to somebody else: "Berg's father", "his lawyer", "their daughter".
_RELATION = re.compile(r"(?:['’]s|\b(?:his|her|their))\s+\w+$", re.IGNORECASE)
# Legal forms after a company's name: not part of the name a re-mention refers to.
_LEGAL_FORMS = frozenset({"corp", "inc", "ltd", "co", "llc", "plc", "limited", "incorporated", "corporation", "llp"})
# Where a named person stands when the article introduces them as the next speaker.
_INTRODUCING_DEPS = frozenset({"nsubj", "nsubjpass"})  # wider (appos, dobj, pobj) lost 4 points on ggt-dev


@dataclass(frozen=True)
class Mention:
    """The words that name a speaker at one attribution."""

    start: int  # doc character offsets
    end: int
    kind: str  # pronoun | name | document | description
    text: str
    name: str | None  # the proper name in it, titles removed ("Tahsin al-Khafaji")
    role: str | None  # appositive or pre-name role ("spokesman for ...", "Major General")
    is_organization: bool
    plural: bool
    head_lemma: str
    epithet: bool = False  # a description with adjectives ("the affable proprietor")
    issuer: Mention | None = None  # who issued a document ("a statement from the EU")
    partner: Mention | None = None  # a second named person speaking jointly ("Ana Ruiz and Tom Berg said")


def _name_tokens(head: Token) -> list[Token]:
    """The proper-name run ending at ``head``: ``Hadi al - Ameri``, ``Pentagon`` (for ``officials``)."""
    doc = head.doc
    if head.ent_type_ in _ORG_LABELS | {"PERSON", "GPE", "LOC"} and head.ent_iob_ != "O":
        start = head.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if head.ent_type_ == "ORG" and end < len(doc) and doc[end].like_num and doc[end].head.i in range(start, end):
            end += 1  # "RWU Local 512": NER leaves the local's number out of the name
        tokens = _after_line_break([t for t in doc[start:end] if not (t.i == start and t.lower_ == "the")
                                    and t.lower_ not in {"'s", "’s"}])  # "Acme Rail's website": the owner
        if tokens:
            return tokens
    tokens = [head]
    index = head.i - 1
    while index >= 0:
        token = doc[index]
        # (a title that owns the name is part of it: "the Mayor's Office", see _strip_titles)
        owning_title = token.lower_ in {"'s", "’s"} and index > 0 and capitalised(doc[index - 1]) and (
            doc[index - 1].lower_.rstrip(".") in TITLE_WORDS)
        if token.pos_ == "PROPN" or token.lower_ in NAME_PARTICLES or (token.text == "." and index > 0) or owning_title:
            tokens.insert(0, token)
            index -= 1
            continue
        break
    while tokens and tokens[0].text in {"-", "."}:
        tokens.pop(0)
    return _after_line_break(tokens)


def _after_line_break(tokens: list[Token]) -> list[Token]:
    """A name never runs across a line break (a headline above it is not part of it)."""
    for index in range(len(tokens) - 1, 0, -1):
        previous = tokens[index - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            return tokens[index:]
    return tokens


def _strip_titles(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """``Major General Tahsin al-Khafaji`` -> the titles and the name; also a title inside the run
    (``Riverbend Hereditary Chief Tal'esh``): what comes before the last title is part of it.

    A title that owns what follows is part of an institution's name, not a person's title: ``the
    Mayor's Office``, ``the Premier's Council`` (the run keeps its words; ``_name_tokens`` drops the
    ``'s``)."""
    doc = tokens[0].doc if tokens else None
    if doc is not None and any(token.i + 1 < len(doc) and doc[token.i + 1].lower_ in {"'s", "’s"}
                               and token.lower_.rstrip(".") in TITLE_WORDS for token in tokens[:-1]):
        return [], tokens
    titles: list[Token] = []
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLE_WORDS:
        titles.append(tokens.pop(0))
    inner = [index for index, token in enumerate(tokens[:-1]) if token.lower_.rstrip(".") in TITLE_WORDS]
    if inner and tokens[inner[-1]].is_title:
        titles.extend(tokens[:inner[-1] + 1])
        tokens = tokens[inner[-1] + 1:]
    return titles, tokens


# Zero-width characters that web copy leaves inside names ("Brenner\u200b"): invisible, but they break matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return _INVISIBLE.sub("", doc_text(doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)])


def _is_organization_name(name_tokens: list[Token], head: Token) -> bool:
    labels = {token.ent_type_ for token in name_tokens}
    if labels & _ORG_LABELS:
        return "PERSON" not in labels or head.ent_type_ in _ORG_LABELS
    if "PERSON" in labels:
        return False
    if any(token.lower_ in ORGANIZATION_NOUNS for token in name_tokens):
        return True
    # A lone capitalised word that is a place, or an acronym ("Iraq said", "NATO said"): an institution.
    return len(name_tokens) == 1 and (head.ent_type_ in {"GPE", "LOC"} or head.text.isupper())


def describe_mention(head: Token) -> Mention:
    """Read the speaker mention whose syntactic head is ``head``."""
    doc = head.doc
    lower = head.lower_
    if head.pos_ == "PRON" or lower in _PERSON_PRONOUNS | _GROUP_PRONOUNS | _THING_PRONOUNS:
        return Mention(head.idx, head.idx + len(head.text), "pronoun", head.text, None, None,
                       lower in _THING_PRONOUNS, lower in _GROUP_PRONOUNS, lower)
    appositive = next((child for child in head.children if child.dep_ == "appos"), None)
    named_appositive = _closing_person_appositive(head)
    if named_appositive is not None:
        appositive = named_appositive
    # (an appositive with an article, "the resident, ... his comic The Lost Rider", is a title, not a name)
    if (appositive is not None and (head.pos_ != "PROPN" or named_appositive is not None) and appositive.pos_ == "PROPN"
            and not any(child.dep_ == "det" for child in appositive.children)):
        # "His father, Bram Kettle, says": the name is in the appositive, the head noun is the role.
        named = describe_mention(appositive)
        role_end = appositive.left_edge.i if named_appositive is not None else head.i + 1
        described = [t for t in doc[head.left_edge.i:role_end] if t.lower_ not in {"the", "a", "an"}]
        while described and described[-1].is_punct:
            described.pop()
        roles = ", ".join(part for part in (_text_of(described), named.role) if part)
        return replace(named, start=min(named.start, head.left_edge.idx), role=roles or None,
                       text=doc_text(doc)[head.left_edge.idx:named.end])
    role = _text_of(list(appositive.subtree)).strip(" ,") if appositive is not None else None
    if role:
        role = re.sub(r"[\s,]+(?:and|or)$", "", role)  # a misparsed conjunction leaves its "and" dangling
    left = [t for t in head.lefts if t.dep_ not in _CLAUSE_DEPS]
    start = min([head.i, *(t.left_edge.i for t in left)])
    while start < head.i and ("\n" in doc[start].text + doc[start].whitespace_ or not doc[start].text.strip()):
        start += 1
    right_end = head.i
    if head.pos_ != "PROPN":
        for child in head.rights:
            # "sources familiar with the talks", "people detained on Monday", "an analyst quoted in the survey"
            # (a participle: an acl in the past tense; "the plan to cut costs" is not about a speaker)
            modifier = child.dep_ in {"prep", "amod"} or (child.dep_ == "acl" and child.tag_ in {"VBN", "VBD"})
            end = _phrase_end(child)
            if modifier and child.left_edge.i == right_end + 1 and end.i - start < _MAX_MENTION_TOKENS:
                right_end = end.i
                if end.i < child.right_edge.i:
                    break
            else:
                break
    # A lower-case head is a description even inside an entity ("the rookie defenceman" tagged ORG).
    if head.pos_ == "PROPN" or (head.ent_type_ in _ORG_LABELS | {"PERSON"} and not head.is_lower):
        name_tokens = _name_tokens(head)
        right_end = max(right_end, name_tokens[-1].i)
        titles, name_tokens = _strip_titles(name_tokens)
        start = min(start, name_tokens[0].i)
        before = [t for t in doc[start:name_tokens[0].i] if t.lower_ not in {"the", "a", "an"}]
        prefix = _text_of(before).strip(" ,")
        role = ", ".join(part for part in (prefix, role) if part) or None
        # a personal title makes a person whatever NER said ("Hereditary Chief Tamsin" tagged ORG)
        is_org = _is_organization_name(name_tokens, head) and not titles
        partner = _joint_speaker(head)
        if partner is not None:
            right_end = max(right_end, partner.i)
        mention_tokens = list(doc[start:right_end + 1])
        return Mention(doc[start].idx, doc[right_end].idx + len(doc[right_end].text), "name",
                       _text_of(mention_tokens), _text_of(name_tokens), role, is_org,
                       head.tag_ in {"NNPS"} or partner is not None, head.lemma_.lower(),
                       partner=describe_mention(partner) if partner is not None else None)
    text = _text_of(list(doc[start:right_end + 1]))
    kind = "document" if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS else "description"
    issuer = _issuer(head) if kind == "document" else None
    # a place before the noun only says where the person is from ("the Toronto lawyer" is still an epithet)
    compound_names = [t for t in head.lefts if t.dep_ in {"compound", "poss"} and t.pos_ == "PROPN"
                      and t.ent_type_ not in {"GPE", "LOC", "NORP"}]
    is_org = lower in ORGANIZATION_NOUNS or head.lemma_.lower() in ORGANIZATION_NOUNS
    # "the affable proprietor", "the rookie defenceman", "the former sergeant-at-arms"
    epithet = not compound_names and any(t.dep_ in {"amod", "compound", "nmod"} for t in head.lefts)
    hyphenated = head.i >= 2 and doc[head.i - 1].text == "-"  # "sergeant-at-arms" is one person
    plural = head.tag_ in {"NNS", "NNPS"} and not is_org and not hyphenated
    return Mention(doc[start].idx, doc[right_end].idx + len(doc[right_end].text), kind, text,
                   None, role, is_org, plural, head.lemma_.lower(), epithet,
                   describe_mention(issuer) if issuer is not None else None)


def _phrase_end(modifier: Token) -> Token:
    """The last token of a modifier of a speaker noun, up to a comma or a conjunction ("a source
    close to the port authority but not cleared to comment" is "a source close to the port authority"; "an
    analyst quoted in the survey, which covered five cities," is "an analyst quoted in the survey")."""
    doc = modifier.doc
    for token in doc[modifier.i + 1:modifier.right_edge.i + 1]:
        # a conjunction with no conjunct of its own here joins the next modifier of the noun, not this one
        dangling = token.dep_ == "cc" and not any(child.dep_ == "conj" for child in token.head.children)
        # and at an -ing participle: what the speaker is doing ("a spokesperson for the union describing it")
        doing = token.dep_ == "acl" and token.tag_ == "VBG"
        if dangling or doing or token.text in {",", ";", "(", "—", "–"}:
            return doc[token.i - 1]
    return modifier.right_edge


def _joint_speaker(head: Token) -> Token | None:
    """``owners Nora Lind and Pavel Ostrov said``: a second person conjoined to a named speaker.
    Both must be tagged persons and the pair the subject, or in apposition to it ("Smith met Jones and
    Brown" is no pair)."""
    subject = head.dep_ in {"nsubj", "nsubjpass"} or (head.dep_ == "appos" and head.head.dep_ in {"nsubj", "nsubjpass"})
    if head.ent_type_ != "PERSON" or not subject:
        return None
    return next((child for child in head.children
                 if child.dep_ == "conj" and child.pos_ == "PROPN" and child.ent_type_ == "PERSON"), None)


def _closing_person_appositive(head: Token) -> Token | None:
    """``Keeper of the Harbour Rolls, Anwar Rahim, said``, ``Director, research at Acme Labs, Ana
    Ruiz, agreed``: a subject that opens with a capitalised title is a role; the person named in
    apposition at its end is the speaker (the parser hangs that name on the title's last noun).
    Only for a head the model did not tag as a person, and only when the name closes the phrase."""
    if head.ent_type_ == "PERSON" or head.pos_ == "PRON" or head.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    last = head.right_edge
    while last.i > head.i and (last.is_punct or last.is_space):
        last = head.doc[last.i - 1]
    if last.ent_type_ != "PERSON":
        return None
    person = last if last.dep_ == "appos" else None
    if person is None or person.head.i < head.i or person.head.ent_type_ == "PERSON":
        return None
    return person


def _website_owner(document: Token) -> Token | None:
    """``a document titled ... on Northline Railway's website``: whose website the document is on
    (the parser may hang the ``on`` phrase anywhere in a long title, so the sentence is searched)."""
    for token in document.doc[document.i + 1:document.sent.end]:
        if token.lemma_.lower() in _WEB_PLACES:
            owner = next((child for child in token.children if child.dep_ == "poss"), None)
            if owner is not None and owner.pos_ == "PROPN":
                return owner
    return None


def _issuer(document: Token) -> Token | None:
    """``a statement from the EU``, ``a statement released by the Mayor's Office``, ``the
    union's release``: the named author of a document, when the noun phrase names one."""
    for child in document.children:
        if child.dep_ == "poss" and _names_an_author(child):  # "the EU's statement", "the union's release"
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_ not in {"GPE", "LOC", "NORP", "DATE"}:
            return child  # "the Acme website", "the Halden Rail memo" (not "the Ontario report": a place)
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            author = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            if author is not None and _names_an_author(author):
                return author
        if child.dep_ == "prep" and child.lower_ == "on":
            # "a document titled ... on Northline Railway's website"
            place = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            owner = next((grand for grand in place.children if grand.dep_ == "poss"), None) if place else None
            if owner is not None and owner.pos_ == "PROPN":
                return owner
        if child.dep_ in {"acl", "appos"}:
            if child.lemma_.lower() in _DOCUMENT_SEEING_VERBS:
                continue  # "a memo obtained by Reuters": the outlet saw it, somebody else wrote it (a relay)
            # "a statement released by the Mayor's Office", "a release sent to media from the RWU"
            for agent in child.children:
                author = next((grand for grand in agent.children if grand.dep_ == "pobj"), None)
                if (agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "from")) and (
                        author is not None and _names_an_author(author)):
                    return author
            if child.dep_ == "acl":
                found = _issuer(child)
                if found is not None:
                    return found
    return _website_owner(document) if document.lemma_.lower() in DOCUMENT_NOUNS else None


def _names_an_author(head: Token) -> bool:
    """A proper name, or an organisation noun ("a report by the railway company")."""
    return head.pos_ == "PROPN" or head.lemma_.lower() in ORGANIZATION_NOUNS


def _names_itself(text: str) -> bool:
    """``the RWU union``: a capitalised word (not a hyphenated ``Riverton-based``) names the organisation."""
    return any(word[:1].isupper() and "-" not in word for word in text.split()[1:])


def _plain_description(text: str) -> bool:
    """``the company``, ``the Winnipeg-based railway``: a definite description whose only modifiers are
    hyphenated epithets. A noun modifier picks out a body of its own ("the city council" is not the last
    organisation named), and so does an owner or an attachment ("the city's engineering department")."""
    words = text.split()
    return (len(words) == 2 or (len(words) <= 4 and all("-" in word for word in words[1:-1]))) and not any(
        word.endswith(("'s", "’s")) for word in words) and not _names_itself(text)


# (cached, pure functions of the name: ``_full_name`` splits every known name on each of its ~3,000 calls
# on polnear-dev, 65,000 splits where a few hundred names differ)
@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    """Like ``_name_parts`` but keeping hyphenated names whole ("Ruiz-Okafor" is one word)."""
    return tuple(part for part in _INVISIBLE.sub("", name).casefold().split() if part not in NAME_PARTICLES)


_NAME_SEPARATORS = re.compile(r"[\s\-]+")


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[str, ...]:
    return tuple(part for part in _NAME_SEPARATORS.split(_INVISIBLE.sub("", name).casefold())
                 if part and part not in NAME_PARTICLES)


@dataclass
class _Known:
    name: str
    position: int
    is_organization: bool
    role: str | None = None
    subject: bool = False  # stands as a sentence subject where it appears


def _inside(char: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= char < end for start, end in ranges)


def _main_clause_subject(root: Token) -> bool:
    return root.dep_ in _INTRODUCING_DEPS and root.head.dep_ == "ROOT"


def _given_and_family_names(doc: Doc) -> dict[str, list[_Known]]:
    """Two capitalised words that NER may have missed as a person, by family name, in reading order.

    The given name must be tagged a proper noun or a person (spaCy reads "Will" in "Will Young" as a
    modal) and must not be a title; the family name must be a proper noun or a person too.
    """
    pairs: dict[str, list[_Known]] = {}
    # (two capitalised tokens in a row, from the capitalised ones only: 51 -> 20 ms on polnear-dev)
    previous: Token | None = None
    for family in capitalised_tokens(doc):
        given, previous = previous, family
        if given is None or given.i != family.i - 1 or given.whitespace_ != " ":
            continue
        if given.lower_.rstrip(".") in TITLE_WORDS | NAME_PARTICLES or given.ent_type_ in _NOT_PERSON_LABELS:
            continue
        # "Will Young, a mechanic, said": a given name opening the sentence may be read as a modal verb.
        modal_read = given.pos_ in {"AUX", "VERB"} and given.is_sent_start and family.dep_ in _INTRODUCING_DEPS
        if (given.pos_ == "PROPN" or given.ent_type_ == "PERSON" or modal_read) and (
                family.pos_ == "PROPN" or family.ent_type_ == "PERSON"):
            pairs.setdefault(family.lower_, []).append(_Known(f"{given.text} {family.text}", given.idx, False))
    return pairs


@dataclass
class SpeakerResolver:
    """Resolves mentions in reading order against what the article has introduced so far."""

    doc: Doc
    quoted: Sequence[tuple[int, int]] = ()  # doc character ranges inside quotation marks
    people: list[_Known] = field(default_factory=list)  # full names, in order of appearance
    organizations: list[_Known] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (position, speaker) said so far
    _person_subjects: list[tuple[int, str]] = field(default_factory=list)  # (position, full name)
    _mentioned: list[tuple[int, str]] = field(default_factory=list)  # every person named, (position, full name)
    _gender: dict[str, str | None] = field(default_factory=dict)  # full name -> m | f | None (conflicting)
    _name_pairs: dict[str, list[_Known]] = field(default_factory=dict)
    _document_authors: list[tuple[int, Speaker]] = field(default_factory=list)  # who issued documents cited
    _subject_uses: dict[str, int] = field(default_factory=dict)  # name -> where it first stands as a subject
    _places: frozenset[str] = frozenset()  # place_words(doc), read by __post_init__ and _index_people
    _organization_names: frozenset[str] = frozenset()  # PERSON-tagged names that are bodies (organization_names)

    def __post_init__(self) -> None:
        places = self._places = place_words(self.doc)
        self._organization_names = organization_names(self.doc)
        for entity in self.doc.ents:
            tokens = [t for t in entity if t.lower_ != "the"]
            tokens = [t for t in tokens if t.lower_ not in {"'s", "’s"}]
            # (a possessive inside is two things, "Holt's Verdane": the owner and what they own)
            owned = any(t.lower_ in {"'s", "’s"} for t in entity[:-1])
            if entity.label_ == "PERSON" and tokens and _text_of(tokens) in self._organization_names:
                # tagged a person, but the article shows a body ("the Guild said its members ...")
                self.organizations.append(_Known(_text_of(tokens), entity.start_char, True,
                                                 subject=_main_clause_subject(entity.root)))
            elif entity.label_ == "PERSON" and not not_a_person(entity, places) and not owned:
                _, name_tokens = _strip_titles(tokens)
                if len(name_tokens) > 1:
                    self.people.append(_Known(_text_of(name_tokens), entity.start_char, False))
            elif entity.label_ == "ORG" and tokens:
                self.organizations.append(_Known(_text_of(tokens), entity.start_char, True,
                                                 subject=_main_clause_subject(entity.root)))
        self._name_pairs = _given_and_family_names(self.doc)
        self._index_people()

    def _index_people(self) -> None:
        """Named people outside quotations, by full name; the subjects among them are who "he" and a
        cue-less quotation most likely refer to. A lone surname the model did not tag as a person
        ("Oakes didn't hesitate", tagged GPE) counts when an earlier full name ends in it."""
        mentions = find_people(self.doc, self.quoted, self._places, self._organization_names)
        covered = {mention.start for mention in mentions}
        for token in self.doc:
            if (token.dep_ in _INTRODUCING_DEPS and token.pos_ == "PROPN" and token.idx not in covered
                    and not any(child.dep_ == "compound" for child in token.children)
                    and not _inside(token.idx, self.quoted)):
                full = self._full_name(token.text, token.idx)
                if full != token.text:
                    mentions.append(PersonMention(token.idx, token.idx + len(token.text), token.text, True, None))
        mentions.sort(key=lambda mention: mention.start)
        votes: dict[str, set[str]] = {}
        captions = caption_lines(doc_text(self.doc))
        for mention in mentions:
            full = self._full_name(mention.name, mention.start)
            if mention.gender is not None:
                votes.setdefault(full, set()).add(mention.gender)
            if _inside(mention.start, captions):
                continue  # pictured, not introduced: no antecedent (the name still counts for full names)
            self._mentioned.append((mention.start, full))
            if mention.subject:
                # The main clause's subject outranks people named later in the same sentence ("Amara is
                # hopeful Kessler might ...": a following "she" is Amara), so it counts from the sentence end.
                named = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                at = named.sent.end_char - 1 if mention.main_subject and named is not None else mention.start
                self._person_subjects.append((at, full))
        self._gender = {name: next(iter(found)) if len(found) == 1 else None for name, found in votes.items()}

    def _full_name(self, name: str, position: int) -> str:
        """``Ameri`` -> ``Hadi al-Ameri`` when a longer name ending (or starting) so came earlier."""
        parts = _name_parts(name)
        if not parts:
            return name
        earlier = [known for known in self.people if known.position < position]
        later = [known for known in self.people if known.position >= position]
        # whole words first: "Okafor" is "Daniel Okafor", not the "Ruiz-Okafor" trade
        for split in (_name_words, _name_parts):
            for group in (earlier[::-1], later):
                for known in group:
                    known_parts = split(known.name)
                    if len(known_parts) > len(parts) and known_parts[-len(parts):] == parts:
                        return known.name
        for group in (earlier[::-1], later):
            for known in group:
                known_parts = _name_parts(known.name)
                if len(known_parts) > len(parts) and known_parts[:len(parts)] == parts:
                    return known.name
        if len(parts) == 2 and len(parts[0]) >= 3:
            # "Xander Veld" after a caption's "Alexander Veld", "Alex Ruiz" for "Alexandra Ruiz": a short
            # form of the given name (its start, or an end of five letters or more: "Dan" is no "Jordan")
            # with the same family name is the same person
            for group in (earlier[::-1], later):
                for known in group:
                    known_parts = _name_parts(known.name)
                    if (len(known_parts) == 2 and known_parts[1] == parts[1] and len(known_parts[0]) > len(parts[0])
                            and (known_parts[0].startswith(parts[0])
                                 or (len(parts[0]) >= 5 and known_parts[0].endswith(parts[0])))):
                        return known.name
        if len(name.split()) == 1:
            # The model missed the person: "Marta Ferrante" tagged ORG, "Will Young" with "Will" an AUX.
            pairs = self._name_pairs.get(parts[0], [])
            before = [known for known in pairs if known.position < position]
            if before or pairs:
                return (before or pairs)[-1 if before else 0].name
        return name

    def _full_organization(self, name: str, position: int) -> str:
        """``NTA`` -> ``Northern Trade Agency``, ``Halvard`` -> ``Halvard Energy``: the fuller name of an
        organisation named earlier, by its initials or by its first word(s).

        A longer name does not count when the short one stood as a subject of its own before it
        ("Tellmark says ..." and later "an app called Tellmark Studio"), nor when all it adds is a
        legal form ("Northgate Corp." is still "Northgate": GGT names it as written)."""
        words = name.split()
        first_use = self._first_subject_use(name)
        for known in self.organizations:
            if known.position >= position:
                continue
            known_words = [word for word in re.split(r"[\s\-]+", known.name) if word]
            capitals = [word for word in known_words if word[:1].isupper()]
            if name.isupper() and len(name) >= 2 and "".join(word[0] for word in capitals) == name:
                return known.name
            if (len(known_words) > len(words) and known_words[:len(words)] == words and known.position < first_use
                    and not all(word.lower().rstrip(".") in _LEGAL_FORMS for word in known_words[len(words):])):
                return known.name
        return name

    def _first_subject_use(self, name: str) -> int:
        """Where ``name`` first stands alone as a sentence subject (``Acme said``), else the article end."""
        if name not in self._subject_uses:
            words = name.split()
            self._subject_uses[name] = next((
                token.idx for token in self.doc
                if token.dep_ in _INTRODUCING_DEPS and token.text == words[-1] and token.i >= len(words) - 1
                and [t.text for t in self.doc[token.i - len(words) + 1:token.i + 1]] == words
                and not any(child.dep_ == "compound" and child.i < token.i - len(words) + 1 for child in token.children)
            ), len(doc_text(self.doc)))
        return self._subject_uses[name]

    def last_speaker(self, position: int, want_person: bool | None) -> Speaker | None:
        for spoken_at, speaker in reversed(self.speakers):
            if spoken_at >= position or speaker.name is None:
                continue
            is_person = speaker.type in {"named_person", "unnamed_person"}
            if want_person is None or is_person == want_person:
                return speaker
        return None

    def _plural_subject_before(self, position: int) -> Speaker | None:
        """``Rural councillors are keen ..., and they say``: a plural noun subject earlier in the same
        sentence is who ``they`` are (news copy rarely reaches past it for a closer antecedent)."""
        pronoun = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if pronoun is None or pronoun[0].head.dep_ == "parataxis":
            return None  # "Most of the money, they promise, will ...": the subject is what they talk about
        sentence = pronoun[0].sent
        for token in reversed(self.doc[sentence.start:pronoun[0].i]):
            if (token.dep_ in {"nsubj", "nsubjpass"} and token.tag_ in {"NNS", "NNPS"}
                    and not _inside(token.idx, self.quoted)):
                return self.resolve(describe_mention(token))
        return None

    def _plural_name_before(self, position: int) -> Speaker | None:
        """``Key to the Liberals' plan is their pledge. Most of the money, they promise, ...``: with no
        plural subject of its own, ``they`` is a plural proper name (a party, a team, a family) that the
        sentence before or its own words so far name; only when one such name is there (two are a
        contrast the pronoun does not settle)."""
        pronoun = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if pronoun is None:
            return None
        sentence = pronoun[0].sent
        first = self.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
        before = [token for token in self.doc[first:pronoun[0].i] if not _inside(token.idx, self.quoted)]
        # (in any position: a possessive before a curly apostrophe is often parsed as an object; NER tags
        # "the Greens" a nationality-like group, the tagger a singular name)
        names = [token for token in before if token.tag_ == "NNPS" or (
            token.ent_type_ == "NORP" and token.pos_ == "PROPN" and token.lower_.endswith("s"))]
        if len({token.lower_ for token in names}) != 1 or any(
                token.tag_ == "NNS" and token.dep_ in _INTRODUCING_DEPS for token in before):
            return None  # one plural name, and no plural subject the pronoun could be instead
        return self.resolve(describe_mention(names[-1]))

    def _organization_subject_before(self, position: int) -> str | None:
        """Who ``it`` is when the sentence before (or its own so far) has an organisation as its main
        subject: ``Acme declined to answer. “...,” it said`` (the main subject of a sentence is what
        the next one goes on about). An organisation here is a name tagged one somewhere in the article
        or an acronym ("NTA"); the tag is often missing where the name stands."""
        at = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if at is None:
            return None
        sentence = at[0].sent
        first = self.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
        known = {organization.name for organization in self.organizations}
        for token in reversed(self.doc[first:at[0].i]):
            if (token.dep_ in _INTRODUCING_DEPS and token.head.dep_ == "ROOT" and token.pos_ == "PROPN"
                    and not _inside(token.idx, self.quoted)):
                compounds = [child for child in token.lefts if child.dep_ == "compound" and child.pos_ == "PROPN"]
                name = _text_of([*compounds, token]) if compounds else token.text
                if name in known or (token.text.isupper() and len(token.text) >= 2):
                    return self._full_organization(name, position)
                return None  # the last main subject is somebody else
        return None

    def _unnamed_source_since(self, position: int, person_at: int, gender: str | None) -> Speaker | None:
        """``..., a worker at the site told Reuters. [...] The crews came late, he said.``: news copy goes
        on with a pronoun for an unnamed source it has just introduced; so when the last speaker is a
        single unnamed person (``a ...``) and no named person came up since, the pronoun is that source."""
        previous = next(((at, speaker) for at, speaker in reversed(self.speakers) if at < position), None)
        if previous is None or previous[0] <= person_at or previous[1].type != "unnamed_person":
            return None
        source, mention = previous[1], previous[1].mention
        words = (source.name or "").lower().split()
        if len(words) < 2 or words[0] not in {"a", "an"} or mention is None:
            return None
        if gender is not None and any(GENDERED_NOUNS.get(word, gender) != gender for word in words):
            return None  # "a spokeswoman" is no "he"
        offset = article_offset(self.doc)
        introduced = self.doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
        if introduced is None or introduced.root.dep_ not in _INTRODUCING_DEPS:
            return None  # ("Frank Ruiz, a research fellow, ...": a description in apposition names nobody new)
        for token in self.doc[introduced.end:]:
            if token.idx >= position:
                break
            # "The mayor raised it again. “...,” he said": a person named by a role since is who "he" is
            if (token.dep_ in _INTRODUCING_DEPS and token.tag_ in {"NN", "NNP"} and not _inside(token.idx, self.quoted)
                    and (token.lemma_.lower() in TITLE_WORDS | GENDERED_NOUNS.keys() or token.ent_type_ == "PERSON")):
                return None
        return source

    def _last_group_speaker(self, position: int) -> Speaker | None:
        """Who ``they`` (with no plural subject before it) continues: the last organisation, group or
        pair of named people that spoke."""
        for spoken_at, speaker in reversed(self.speakers):
            if spoken_at >= position or speaker.name is None:
                continue
            if speaker.type not in {"named_person", "unnamed_person"} or " and " in speaker.name:
                return speaker
        return None

    def _last_person(self, position: int, gender: str | None = None,
                     excluded: frozenset[str] = frozenset()) -> tuple[int, str] | None:
        """The most recent person: a speaker, or a named person who is a sentence subject; with a
        ``gender`` (from "he" / "she"), the most recent one whose known gender does not contradict it;
        never one of ``excluded``."""
        candidates = [(spoken_at, speaker.name) for spoken_at, speaker in self.speakers
                      if spoken_at < position and speaker.type == "named_person" and speaker.name]
        candidates += [(start, name) for start, name in self._person_subjects if start < position]
        # Only when none of those came before: any person named, as an object too ("I asked the tailor,
        # Tom Reid, ... “...,” he explains" in a first-person column that has no other person).
        for group in (candidates, [(start, name) for start, name in self._mentioned if start < position]):
            for found in sorted(group, key=lambda item: item[0], reverse=True):
                known = self._gender.get(found[1])
                if (gender is None or known is None or known == gender) and found[1] not in excluded:
                    return found
        return None

    def _last_organization(self, position: int) -> str | None:
        """What "the company" refers to: the latest organisation that spoke or stood as a subject.

        Any organisation named last was wrong too often on ggt-dev ("Google said that Apple revoked
        ... But the company seemed confident" is Google), so objects are skipped unless nothing else.
        """
        best: tuple[int, str] | None = None
        for spoken_at, speaker in self.speakers:
            if spoken_at < position and speaker.type == "named_organization" and speaker.name:
                best = (spoken_at, speaker.name) if best is None or spoken_at > best[0] else best
        for known in self.organizations:
            if known.subject and known.position < position and (best is None or known.position > best[0]):
                best = (known.position, known.name)
        if best is not None:
            return self._full_organization(best[1], position)
        earlier = [known for known in self.organizations if known.position < position]
        return self._full_organization(earlier[-1].name, position) if earlier else None

    def resolve(self, mention: Mention, content: tuple[int, int] | None = None) -> Speaker:
        """The speaker ``mention`` refers to; ``content`` is the statement's doc character range (a
        pronoun never refers to a person the statement itself names: ``Ruiz hid under a desk, he said``)."""
        span = article_span(self.doc, mention.start, mention.end)
        position = mention.start
        definite = mention.text.split()[0].lower() in {"the", "this", "that"} if mention.text else False
        # "his father", "her lawyer": a role relative to somebody, named before with that role
        possessive = mention.text.split()[0].lower() in {"his", "her", "their"} if mention.text else False
        if mention.kind == "pronoun":
            if mention.head_lemma in _INDEFINITE_PRONOUNS:
                return Speaker(mention.text, "unnamed_group", None, span)
            if mention.head_lemma in _PERSON_PRONOUNS:
                named_inside = frozenset(name for at, name in self._mentioned
                                         if content is not None and content[0] <= at < content[1])
                gender = PRONOUN_GENDER.get(mention.head_lemma)
                found = self._last_person(position, gender, named_inside)
                unnamed = self._unnamed_source_since(position, found[0] if found else -1, gender)
                if unnamed is not None:
                    return Speaker(unnamed.name, unnamed.type, unnamed.role, span)
                name = found[1] if found else None
                return Speaker(name, "named_person" if name else "unnamed_person", self._role_of(name), span)
            group = self._plural_subject_before(position) if mention.plural else None
            group = group or (self._plural_name_before(position) if mention.plural else None)
            if group is not None:
                return Speaker(group.name, group.type, group.role, span)
            subject = self._organization_subject_before(position) if mention.head_lemma in _THING_PRONOUNS else None
            if subject is not None:
                return Speaker(subject, "named_organization", None, span)
            previous = self._last_group_speaker(position)
            if previous is not None:
                return Speaker(previous.name, previous.type, previous.role, span)
            return Speaker(None, "unnamed_group" if mention.plural else "named_organization", None, span)
        if mention.kind == "document" and mention.issuer is not None:
            author = self.resolve(mention.issuer)
            if author.name is not None:
                self._document_authors.append((position, author))
            return Speaker(author.name, author.type, author.role, span)
        if mention.kind == "document":
            # "the statement", "the white paper": the document cited last, else whoever spoke last.
            previous = self._last_document_author(position) if definite else None
            previous = previous or (self.last_speaker(position, want_person=None) if definite else None)
            # "The Halden Trust said two of its staff were hurt. A statement said ...": a document with no
            # issuer named, cited in the paragraph where a source just spoke, is that source's
            issued = mention.head_lemma in _ISSUED_DOCUMENTS and mention.text.split()[0].lower() in {"a", "an"}
            previous = previous or (self._speaker_in_paragraph(position) if issued else None)
            if previous is not None:
                return Speaker(previous.name, previous.type, previous.role, span)
            return Speaker(mention.text, "document", mention.role, span)
        if mention.kind == "name" and mention.name and mention.partner is not None and mention.partner.name:
            # GenderGapTracker names a joint statement's speakers together: "A and B".
            pair = f"{self._full_name(mention.name, position)} and {self._full_name(mention.partner.name, position)}"
            return Speaker(pair, "named_person", mention.role, span)
        if mention.kind == "name" and mention.name:
            # "Berg's father, Joseph" / "her lawyer, Tom": a given name with a role relating them to
            # somebody else introduces a new person, not the last "Joseph ..." met
            related = " " not in mention.name and bool(mention.role) and _RELATION.search(mention.role or "")
            name = mention.name if related else self._full_name(mention.name, position)
            # a lone word NER tagged an organisation elsewhere in the article ("Tellmark said", untagged here)
            known_org = " " not in name and any(known.name == name for known in self.organizations)
            if (mention.is_organization or known_org) and name == mention.name:
                return Speaker(self._full_organization(mention.name, position), "named_organization", mention.role,
                               span)
            if len(_name_parts(name)) > 1 and not any(p.name == name for p in self.people):
                self.people.append(_Known(name, position, False, mention.role))
            return Speaker(name, "named_person", mention.role or self._role_of(name), span)
        municipality = self._municipality(mention.head_lemma) if (
            definite and len(mention.text.split()) == 2 and mention.head_lemma in _MUNICIPALITY_NOUNS) else None
        if municipality is not None:
            return Speaker(municipality, "named_organization", None, span)
        words = mention.text.split()
        staff = self._municipality(words[0].lower()) if (
            len(words) == 2 and words[0].lower() in _MUNICIPALITY_NOUNS and (mention.plural or words[1] == "staff")
        ) else None
        if staff is not None:
            # "city staff said", "town officials said": the staff of that City of X, named "X staff"
            return Speaker(f"{staff.split(' of ', 1)[1]} {words[1]}", "unnamed_group", mention.role, span)
        if mention.is_organization and _names_itself(mention.text):
            name = re.sub(r"^(?:the|The)\s+", "", mention.text)
            return Speaker(name, "named_organization", mention.role, span)
        # A description: "the agency" refers back to an organisation, "the mayor" to a person with that role;
        # so does "the Winnipeg-based railway" (an epithet, no name of its own).
        if definite and mention.is_organization and _plain_description(mention.text):
            found_org = self._last_organization(position)
            if found_org is not None:
                return Speaker(found_org, "named_organization", None, span)
        if (definite or possessive) and len(mention.text.split()) <= 3:
            for spoken_at, speaker in reversed(self.speakers):
                if spoken_at < position and speaker.role and mention.head_lemma in speaker.role.lower():
                    return Speaker(speaker.name, speaker.type, speaker.role, span)
        anonymous = self._first_indefinite(mention.head_lemma, position) if (
            definite and mention.head_lemma in _ANONYMOUS_SOURCE_NOUNS) else None
        bare = mention.text.split()[:-1] in ([], ["the"], ["The"], ["these"], ["These"], ["those"], ["Those"])
        if anonymous is None and mention.plural and mention.head_lemma in _ANONYMOUS_SOURCE_NOUNS and bare:
            anonymous = self._first_described(mention.head_lemma, len(mention.text.split()), position)
        if anonymous is not None or (definite and mention.head_lemma in _ANONYMOUS_SOURCE_NOUNS
                                     and not mention.epithet):
            # "the official" after "a justice official told reporters": the same unnamed source (an
            # epithet with none met before, "the self-taught Halden resident", is the last person).
            return Speaker(anonymous or mention.text,
                           "unnamed_group" if mention.plural else "unnamed_person", mention.role, span)
        if definite and mention.epithet and not mention.plural and not mention.is_organization:
            # "the affable proprietor", "the lanky professor": a descriptive re-mention of the last person.
            found = self._last_person(position, GENDERED_NOUNS.get(mention.head_lemma))
            if found is not None:
                return Speaker(found[1], "named_person", mention.text, span)
        short_organization = mention.is_organization and (definite or possessive) and len(mention.text.split()) <= 3
        named_before = self._named_before(mention.head_lemma, position) if short_organization and possessive else None
        if named_before is not None:
            return Speaker(named_before, "named_organization", None, span)
        named_later = self._named_later(mention.head_lemma, position) if short_organization else None
        if named_later is not None:
            return Speaker(named_later, "named_organization", None, span)
        kind = "unnamed_group" if mention.plural or mention.is_organization else "unnamed_person"
        return Speaker(mention.text, kind, mention.role, span)

    def _municipality(self, head_lemma: str) -> str | None:
        """``according to the city`` in local news is the city's government, which the article names as
        ``the City of Halden`` somewhere (often only in a credit line): that name, when it is the only one
        of its kind in the article."""
        names = {match.group(0).strip() for match in re.finditer(
            rf"\b{head_lemma.capitalize()} of (?:[A-Z][\w'’-]+ ?){{1,3}}", doc_text(self.doc))}
        return next(iter(names)) if len(names) == 1 else None

    def _named_before(self, head_lemma: str, position: int) -> str | None:
        """``The Mayor's Office said ...`` then ``His office said ...``: a possessive re-mention of a body
        (``his office``, ``its union``) is the latest organisation named before it whose name ends in the
        same noun."""
        nouns = {head_lemma, head_lemma + "s"}
        found = [(known.position, known.name) for known in self.organizations
                 if known.position < position and known.name.split()[-1].lower() in nouns]
        found += [(at, speaker.name) for at, speaker in self.speakers if at < position and speaker.name
                  and speaker.type == "named_organization" and speaker.name.split()[-1].lower() in nouns]
        return max(found)[1] if found else None

    def _named_later(self, head_lemma: str, position: int) -> str | None:
        """``Nurses will strike on Monday, their union said.`` then ``The Brackley Nurses Union said ...``:
        a news lead names a body by what it is and the next paragraphs give its name; the first
        organisation named after the description whose name ends in the same noun is the one meant."""
        for known in self.organizations:
            if known.position > position and known.name.split()[-1].lower() in {head_lemma, head_lemma + "s"}:
                return known.name
        return None

    def continuing_speaker(self, position: int) -> Speaker | None:
        """Who a quotation with no cue continues: the last speaker, unless a person was introduced since."""
        previous = self.last_speaker(position, want_person=None)
        previous_at = max((at for at, speaker in self.speakers if speaker is previous), default=-1)
        person = self._last_person(position)
        if person is not None and person[0] > previous_at:
            return Speaker(person[1], "named_person", self._role_of(person[1]), None)
        if previous is None:
            return None
        return Speaker(previous.name, previous.type, previous.role, None)

    def _role_of(self, name: str | None) -> str | None:
        if name is None:
            return None
        for _, speaker in reversed(self.speakers):
            if speaker.name == name and speaker.role:
                return speaker.role
        return next((known.role for known in self.people if known.name == name and known.role), None)

    def _first_indefinite(self, head_lemma: str, position: int) -> str | None:
        """The text of the first ``a/an ... <head_lemma>`` before ``position`` (``a justice official``)."""
        for token in self.doc:
            if token.idx >= position:
                break
            if token.lemma_.lower() == head_lemma and token.pos_ == "NOUN" and any(
                    child.dep_ == "det" and child.lower_ in {"a", "an"} for child in token.children):
                return describe_mention(token).text
        return None

    def _first_described(self, head_lemma: str, words: int, position: int) -> str | None:
        """``sources said`` after ``according to sources familiar with the talks``: a bare plural
        re-mention of anonymous sources is the group described in full before (the first such
        description outside quotation marks, with more words than the re-mention)."""
        for token in self.doc:
            if token.idx >= position:
                break
            if (token.lemma_.lower() == head_lemma and token.tag_ == "NNS" and not _inside(token.idx, self.quoted)
                    and token.dep_ in {"nsubj", "nsubjpass", "pobj"}):
                described = describe_mention(token).text
                if len(described.split()) > words + 1:
                    return described
        return None

    def _speaker_in_paragraph(self, position: int) -> Speaker | None:
        """The last speaker before ``position`` when it spoke earlier in the same paragraph."""
        previous = next(((at, speaker) for at, speaker in reversed(self.speakers) if at < position), None)
        if previous is None or previous[1].name is None or "\n" in doc_text(self.doc)[previous[0]:position]:
            return None
        return previous[1]

    def _last_document_author(self, position: int) -> Speaker | None:
        earlier = [author for at, author in self._document_authors if at < position]
        return earlier[-1] if earlier else None

    def record_document(self, position: int, speaker: Speaker) -> None:
        """``X said in a statement``: a later definite "the statement" speaks for X."""
        if speaker.name is not None:
            self._document_authors.append((position, speaker))

    def record(self, position: int, speaker: Speaker) -> None:
        self.speakers.append((position, speaker))
