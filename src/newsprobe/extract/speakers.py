"""Speaker mentions and who they refer to: ``he`` -> ``Hassan Ali``, ``Ameri`` -> ``Hadi al-Ameri``,
``the text`` -> the organisation that issued it.

``describe_mention`` reads the words that name a speaker off the dependency parse; a ``SpeakerResolver``
walks an article in reading order and resolves each mention against the people and organisations
introduced before it. The rules follow what news style guides prescribe (full name and role at first
mention, surname or pronoun after); what they cannot resolve stays visible as an unresolved mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from spacy.tokens import Doc, Token

from newsprobe.extract.cues import DOCUMENT_NOUNS, NAME_PARTICLES, ORGANIZATION_NOUNS, TITLE_WORDS
from newsprobe.models import Speaker
from newsprobe.nlp.convert import article_span, doc_text

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
        tokens = _after_line_break([t for t in doc[start:end] if not (t.i == start and t.lower_ == "the")])
        if tokens:
            return tokens
    tokens = [head]
    index = head.i - 1
    while index >= 0:
        token = doc[index]
        if token.pos_ == "PROPN" or token.lower_ in NAME_PARTICLES or (token.text == "." and index > 0):
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
    (``Wet'suwet'en Hereditary Chief Na'moks``): what comes before the last title is part of it."""
    titles: list[Token] = []
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLE_WORDS:
        titles.append(tokens.pop(0))
    inner = [index for index, token in enumerate(tokens[:-1]) if token.lower_.rstrip(".") in TITLE_WORDS]
    if inner and tokens[inner[-1]].is_title:
        titles.extend(tokens[:inner[-1] + 1])
        tokens = tokens[inner[-1] + 1:]
    return titles, tokens


def _text_of(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc_text(doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]


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
    if appositive is not None and head.pos_ != "PROPN" and appositive.pos_ == "PROPN":
        # "His father, Ernie LeBlanc, says": the name is in the appositive, the head noun is the role.
        named = describe_mention(appositive)
        described = [t for t in doc[head.left_edge.i:head.i + 1] if t.lower_ not in {"the", "a", "an"}]
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
            if child.dep_ in {"prep", "amod"} and child.right_edge.i - start < _MAX_MENTION_TOKENS:
                right_end = child.right_edge.i
            else:
                break
    if head.pos_ == "PROPN" or head.ent_type_ in _ORG_LABELS | {"PERSON"}:
        name_tokens = _name_tokens(head)
        right_end = max(right_end, name_tokens[-1].i)
        _, name_tokens = _strip_titles(name_tokens)
        start = min(start, name_tokens[0].i)
        before = [t for t in doc[start:name_tokens[0].i] if t.lower_ not in {"the", "a", "an"}]
        prefix = _text_of(before).strip(" ,")
        role = ", ".join(part for part in (prefix, role) if part) or None
        is_org = _is_organization_name(name_tokens, head)
        mention_tokens = list(doc[start:right_end + 1])
        return Mention(doc[start].idx, doc[right_end].idx + len(doc[right_end].text), "name",
                       _text_of(mention_tokens), _text_of(name_tokens), role, is_org,
                       head.tag_ in {"NNPS"}, head.lemma_.lower())
    text = _text_of(list(doc[start:right_end + 1]))
    kind = "document" if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS else "description"
    issuer = _issuer(head) if kind == "document" else None
    compound_names = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    is_org = lower in ORGANIZATION_NOUNS or head.lemma_.lower() in ORGANIZATION_NOUNS
    epithet = not compound_names and any(t.dep_ == "amod" for t in head.lefts)
    return Mention(doc[start].idx, doc[right_end].idx + len(doc[right_end].text), kind, text,
                   None, role, is_org, head.tag_ in {"NNS", "NNPS"} and not is_org, head.lemma_.lower(), epithet,
                   describe_mention(issuer) if issuer is not None else None)


def _issuer(document: Token) -> Token | None:
    """``a statement from the EU``, ``a statement released by the Prime Minister's Office``, ``the
    union's release``: the named author of a document, when the noun phrase names one."""
    for child in document.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            author = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            if author is not None and author.pos_ == "PROPN":
                return author
        if child.dep_ == "acl":
            for agent in child.children:
                author = next((grand for grand in agent.children if grand.dep_ == "pobj"), None)
                if agent.dep_ == "agent" and author is not None and author.pos_ == "PROPN":
                    return author
    return None


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[\s\-]+", name.casefold()) if part and part not in NAME_PARTICLES]


@dataclass
class _Known:
    name: str
    position: int
    is_organization: bool
    role: str | None = None
    subject: bool = False  # stands as a sentence subject where it appears


def _introduces(root: Token) -> bool:
    """Does a person named here become who "he" or the next bare quotation refers to? As a subject or
    as a sentence of its own (``Toronto retiree Doug Purdy, who lost 16 lbs., says ...`` parsed with
    the name as root: ggt-dev speaker accuracy +0.2 points). The appositive of a subject
    (``Director of X, Kevin Haley, agreed``) cost 0.6 points there, so it stays out."""
    return root.dep_ in _INTRODUCING_DEPS or root.dep_ == "ROOT"


def _main_clause_subject(root: Token) -> bool:
    return root.dep_ in _INTRODUCING_DEPS and root.head.dep_ == "ROOT"


def _given_and_family_names(doc: Doc) -> dict[str, list[_Known]]:
    """Two capitalised words that NER may have missed as a person, by family name, in reading order.

    The given name must be tagged a proper noun or a person (spaCy reads "Will" in "Will Young" as a
    modal) and must not be a title; the family name must be a proper noun or a person too.
    """
    pairs: dict[str, list[_Known]] = {}
    for given, family in pairwise(doc):
        if not (given.is_title and family.is_title) or given.whitespace_ != " ":
            continue
        if given.lower_.rstrip(".") in TITLE_WORDS | NAME_PARTICLES or given.ent_type_ in _NOT_PERSON_LABELS:
            continue
        if (given.pos_ == "PROPN" or given.ent_type_ == "PERSON") and (
                family.pos_ == "PROPN" or family.ent_type_ == "PERSON"):
            pairs.setdefault(family.lower_, []).append(_Known(f"{given.text} {family.text}", given.idx, False))
    return pairs


@dataclass
class SpeakerResolver:
    """Resolves mentions in reading order against what the article has introduced so far."""

    doc: Doc
    people: list[_Known] = field(default_factory=list)  # full names, in order of appearance
    organizations: list[_Known] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (position, speaker) said so far
    _person_subjects: list[tuple[int, str]] = field(default_factory=list)
    _name_pairs: dict[str, list[_Known]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Named people standing as subjects: who "he" and a cue-less quotation most likely refer to.
        self._person_subjects = [
            (entity.start_char, entity.text) for entity in self.doc.ents
            if entity.label_ == "PERSON" and _introduces(entity.root)
        ]
        for entity in self.doc.ents:
            tokens = [t for t in entity if t.lower_ != "the"]
            tokens = [t for t in tokens if t.lower_ not in {"'s", "’s"}]
            if entity.label_ == "PERSON":
                _, name_tokens = _strip_titles(tokens)
                if len(name_tokens) > 1:
                    self.people.append(_Known(_text_of(name_tokens), entity.start_char, False))
            elif entity.label_ == "ORG" and tokens:
                self.organizations.append(_Known(_text_of(tokens), entity.start_char, True,
                                                 subject=_main_clause_subject(entity.root)))
        self._name_pairs = _given_and_family_names(self.doc)

    def _full_name(self, name: str, position: int) -> str:
        """``Ameri`` -> ``Hadi al-Ameri`` when a longer name ending (or starting) so came earlier."""
        parts = _name_parts(name)
        if not parts:
            return name
        earlier = [known for known in self.people if known.position < position]
        later = [known for known in self.people if known.position >= position]
        for group in (reversed(earlier), later):
            for known in group:
                known_parts = _name_parts(known.name)
                if len(known_parts) > len(parts) and known_parts[-len(parts):] == parts:
                    return known.name
        for group in (reversed(earlier), later):
            for known in group:
                known_parts = _name_parts(known.name)
                if len(known_parts) > len(parts) and known_parts[:len(parts)] == parts:
                    return known.name
        if len(name.split()) == 1:
            # The model missed the person: "Brittany Lincicome" tagged ORG, "Will Young" with "Will" an AUX.
            pairs = self._name_pairs.get(parts[0], [])
            before = [known for known in pairs if known.position < position]
            if before or pairs:
                return (before or pairs)[-1 if before else 0].name
        return name

    def last_speaker(self, position: int, want_person: bool | None) -> Speaker | None:
        for spoken_at, speaker in reversed(self.speakers):
            if spoken_at >= position or speaker.name is None:
                continue
            is_person = speaker.type in {"named_person", "unnamed_person"}
            if want_person is None or is_person == want_person:
                return speaker
        return None

    def _last_person(self, position: int) -> tuple[int, str] | None:
        """The most recent person: a speaker, or a named person who is a sentence subject."""
        best: tuple[int, str] | None = None
        for spoken_at, speaker in self.speakers:
            if spoken_at < position and speaker.type == "named_person" and speaker.name:
                best = (spoken_at, speaker.name) if best is None or spoken_at > best[0] else best
        for start, text in self._person_subjects:
            if start < position and (best is None or start > best[0]):
                best = (start, self._full_name(text, start))
        return best

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
            return best[1]
        earlier = [known for known in self.organizations if known.position < position]
        return earlier[-1].name if earlier else None

    def resolve(self, mention: Mention) -> Speaker:
        span = article_span(self.doc, mention.start, mention.end)
        position = mention.start
        definite = mention.text.split()[0].lower() in {"the", "this", "that"} if mention.text else False
        if mention.kind == "pronoun":
            if mention.head_lemma in _INDEFINITE_PRONOUNS:
                return Speaker(mention.text, "unnamed_group", None, span)
            if mention.head_lemma in _PERSON_PRONOUNS:
                found = self._last_person(position)
                name = found[1] if found else None
                return Speaker(name, "named_person" if name else "unnamed_person", self._role_of(name), span)
            previous = self.last_speaker(position, want_person=False)
            if previous is not None:
                return Speaker(previous.name, previous.type, previous.role, span)
            return Speaker(None, "unnamed_group" if mention.plural else "named_organization", None, span)
        if mention.kind == "document" and mention.issuer is not None:
            author = self.resolve(mention.issuer)
            return Speaker(author.name, author.type, author.role, span)
        if mention.kind == "document":
            # "the statement", "the text": the words of whoever spoke last, usually its issuer.
            previous = self.last_speaker(position, want_person=None) if definite else None
            if previous is not None:
                return Speaker(previous.name, previous.type, previous.role, span)
            return Speaker(mention.text, "document", mention.role, span)
        if mention.kind == "name" and mention.name:
            name = self._full_name(mention.name, position)
            if mention.is_organization and name == mention.name:
                return Speaker(mention.name, "named_organization", mention.role, span)
            if len(_name_parts(name)) > 1 and not any(p.name == name for p in self.people):
                self.people.append(_Known(name, position, False, mention.role))
            return Speaker(name, "named_person", mention.role or self._role_of(name), span)
        if mention.is_organization and any(ch.isupper() for ch in mention.text[1:]):
            name = re.sub(r"^(?:the|The)\s+", "", mention.text)
            return Speaker(name, "named_organization", mention.role, span)
        # A description: "the agency" refers back to an organisation, "the mayor" to a person with that role.
        if definite and mention.is_organization and len(mention.text.split()) == 2:
            found_org = self._last_organization(position)
            if found_org is not None:
                return Speaker(found_org, "named_organization", None, span)
        if definite and len(mention.text.split()) <= 3:
            for spoken_at, speaker in reversed(self.speakers):
                if spoken_at < position and speaker.role and mention.head_lemma in speaker.role.lower():
                    return Speaker(speaker.name, speaker.type, speaker.role, span)
        if definite and mention.epithet and not mention.plural and not mention.is_organization:
            # "the affable proprietor", "the lanky professor": a descriptive re-mention of the last person.
            found = self._last_person(position)
            if found is not None:
                return Speaker(found[1], "named_person", mention.text, span)
        kind = "unnamed_group" if mention.plural or mention.is_organization else "unnamed_person"
        return Speaker(mention.text, kind, mention.role, span)

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

    def record(self, position: int, speaker: Speaker) -> None:
        self.speakers.append((position, speaker))
