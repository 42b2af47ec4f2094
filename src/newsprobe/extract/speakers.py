"""Speaker mentions and who they refer to: ``he`` -> ``Hassan Ali``, ``Ameri`` -> ``Hadi al-Ameri``,
``the text`` -> the organisation that issued it.

``describe_mention`` reads the words that name a speaker off the dependency parse; a ``SpeakerResolver``
walks an article in reading order and resolves each mention against the people and organisations
introduced before it. The rules follow what news style guides prescribe (full name and role at first
mention, surname or pronoun after); what they cannot resolve stays visible as an unresolved mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsprobe.extract.cues import DOCUMENT_NOUNS, NAME_PARTICLES, ORGANIZATION_NOUNS, TITLE_WORDS
from newsprobe.models import Speaker
from newsprobe.nlp.convert import article_span, doc_text

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"they", "them", "we"})
_THING_PRONOUNS = frozenset({"it"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Dependents that end a noun phrase's description of the speaker: what follows is more about them.
_CLAUSE_DEPS = frozenset({"relcl", "appos", "punct", "acl", "cc", "conj", "advcl", "ccomp"})
_ORG_LABELS = frozenset({"ORG", "NORP", "FAC"})
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
    titles: list[Token] = []
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLE_WORDS:
        titles.append(tokens.pop(0))
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
    role = _text_of(list(appositive.subtree)).strip(" ,") if appositive is not None else None
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
    compound_names = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    is_org = lower in ORGANIZATION_NOUNS or head.lemma_.lower() in ORGANIZATION_NOUNS
    epithet = not compound_names and any(t.dep_ == "amod" for t in head.lefts)
    return Mention(doc[start].idx, doc[right_end].idx + len(doc[right_end].text), kind, text,
                   None, role, is_org, head.tag_ in {"NNS", "NNPS"} and not is_org, head.lemma_.lower(), epithet)


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[\s\-]+", name.casefold()) if part and part not in NAME_PARTICLES]


@dataclass
class _Known:
    name: str
    position: int
    is_organization: bool
    role: str | None = None


@dataclass
class SpeakerResolver:
    """Resolves mentions in reading order against what the article has introduced so far."""

    doc: Doc
    people: list[_Known] = field(default_factory=list)  # full names, in order of appearance
    organizations: list[_Known] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)  # (position, speaker) said so far
    _person_subjects: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Named people standing as subjects: who "he" and a cue-less quotation most likely refer to.
        self._person_subjects = [
            (entity.start_char, entity.text) for entity in self.doc.ents
            if entity.label_ == "PERSON" and entity.root.dep_ in _INTRODUCING_DEPS
        ]
        for entity in self.doc.ents:
            tokens = [t for t in entity if t.lower_ != "the"]
            tokens = [t for t in tokens if t.lower_ not in {"'s", "’s"}]
            if entity.label_ == "PERSON":
                _, name_tokens = _strip_titles(tokens)
                if len(name_tokens) > 1:
                    self.people.append(_Known(_text_of(name_tokens), entity.start_char, False))
            elif entity.label_ == "ORG" and tokens:
                self.organizations.append(_Known(_text_of(tokens), entity.start_char, True))

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

    def resolve(self, mention: Mention) -> Speaker:
        span = article_span(self.doc, mention.start, mention.end)
        position = mention.start
        definite = mention.text.split()[0].lower() in {"the", "this", "that"} if mention.text else False
        if mention.kind == "pronoun":
            if mention.head_lemma in _PERSON_PRONOUNS:
                found = self._last_person(position)
                name = found[1] if found else None
                return Speaker(name, "named_person" if name else "unnamed_person", self._role_of(name), span)
            previous = self.last_speaker(position, want_person=False)
            if previous is not None:
                return Speaker(previous.name, previous.type, previous.role, span)
            return Speaker(None, "unnamed_group" if mention.plural else "named_organization", None, span)
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
            earlier = [known for known in self.organizations if known.position < position]
            if earlier:
                return Speaker(earlier[-1].name, "named_organization", None, span)
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
