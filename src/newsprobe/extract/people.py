"""The people an article names outside its quotations: where, whether as a subject, and which gender
its honorifics, kinship words and pronouns give them.

``SpeakerResolver`` reads these mentions to pick the antecedent of ``he`` or ``she`` and of a
descriptive re-mention (``the rookie defenceman``). A person named inside a quotation is what a
speaker talks about, not who a later ``he said`` refers to, so those are left out. Gender is read
only from the article itself (no name lists): an honorific (``Ms.``), a gendered role noun next to
the name (``his father, Joseph``; ``spokeswoman Ana Ruiz``) and the first personal pronoun after the
name in a sentence that names nobody else (``Kowal said she ...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from newsprobe.extract.cues import NAME_PARTICLES, ORGANIZATION_NAME_WORDS, TITLE_WORDS
from newsprobe.nlp.convert import doc_text

MALE, FEMALE = "m", "f"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
_HONORIFIC_GENDER = {"mr": MALE, "sir": MALE, "lord": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE,
                     "madam": FEMALE, "dame": FEMALE, "lady": FEMALE}
# Role nouns that give a gender; the common ones in news copy (kinship, -man/-woman compounds).
GENDERED_NOUNS = {
    **dict.fromkeys(("man", "father", "son", "husband", "brother", "boy", "grandfather", "uncle", "nephew",
                     "dad", "spokesman", "chairman", "businessman", "congressman", "king", "prince",
                     "actor", "boyfriend", "widower", "councilman", "sportsman", "fisherman"), MALE),
    **dict.fromkeys(("woman", "mother", "daughter", "wife", "sister", "girl", "grandmother", "aunt", "niece",
                     "mom", "mum", "spokeswoman", "chairwoman", "businesswoman", "congresswoman", "queen",
                     "princess", "actress", "girlfriend", "widow", "councilwoman", "sportswoman"), FEMALE),
}
_PERSON_LABELS = frozenset({"PERSON"})
_NOT_PERSON_LABELS = frozenset({"ORG", "NORP", "FAC", "GPE", "LOC", "DATE", "TIME", "MONEY", "PRODUCT",
                                "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PERCENT", "QUANTITY", "CARDINAL"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Links that keep a word inside the subject's own noun phrase ("Director of research at Acme").
_NOUN_PHRASE_DEPS = frozenset({"pobj", "prep", "appos", "compound"})
_PLACE_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "into", "across"})
# A photo credit closing a caption line: "(Ann Lee / Daily Post)", "(Submitted by Ann Lee)", "( FILE PHOTO )".
_CREDIT = re.compile(r"\(([^()\n]{1,80})\)[ \t]*$")
_CREDIT_WORDS = re.compile(r"/|\b(?:photo|photos|file|submitted|courtesy|credit|images?|handout)\b", re.IGNORECASE)
# A video caption closes with the clip's length: "... on the night of the storm. 2:43".
_CLIP_LENGTH = re.compile(r"\s\d{1,2}:\d{2}[ \t]*$")


@dataclass(frozen=True)
class PersonMention:
    """A person named outside quotation marks."""

    start: int  # doc character offsets of the name (titles left out)
    end: int
    name: str
    subject: bool  # the name stands as a subject (or is its sentence's root)
    gender: str | None  # what the words around this mention say, if anything
    main_subject: bool = False  # the subject of its sentence's main verb: the most salient person there


def _inside(char: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= char < end for start, end in ranges)


def capitalised(token: Token) -> bool:
    """Written like a name: ``Ameri``, ``DeWitt``, ``McAllister`` (``is_title`` rejects the last two)."""
    text = token.text
    return text[:1].isupper() and any(character.islower() for character in text[1:])


def capitalised_tokens(doc: Doc) -> Iterator[Token]:
    """The tokens ``capitalised`` accepts, in order. Only those whose first character is upper case are
    made Tokens and read (their offsets come from ``Doc.to_array``, a loop in C): 18 ms a scan of
    polnear-dev against 37 ms for ``capitalised`` on every token."""
    text = doc_text(doc)
    for index, start in enumerate(doc.to_array(IDX).tolist()):
        if text[start].isupper():
            token = doc[index]
            if capitalised(token):
                yield token


def _name_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading titles and a leading ``the`` from tokens ``[start, end)``."""
    while start < end - 1 and (doc[start].lower_.rstrip(".") in TITLE_WORDS or doc[start].lower_ == "the"):
        start += 1
    return start, end


def _two_word_names(doc: Doc) -> list[tuple[int, int]]:
    """``Ilse Vandermolen`` when NER missed it: capitalised proper nouns in a row, no entity label that
    excludes a person, the first not a title (token index ranges)."""
    # (every word of a run is capitalised, so only the capitalised tokens are read: 36 -> 24 ms on polnear-dev)
    capitals = list(capitalised_tokens(doc))
    runs: list[tuple[int, int]] = []
    resume = 0  # where the next run may start: after the last one
    for number, token in enumerate(capitals):
        index = token.i
        if index < resume or index >= len(doc) - 1:
            continue
        if (token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PERSON_LABELS
                and token.lower_.rstrip(".") not in TITLE_WORDS | NAME_PARTICLES and token.whitespace_ == " "):
            end, following = index + 1, number + 1
            while (following < len(capitals) and capitals[following].i == end and capitals[following].pos_ == "PROPN"
                   and capitals[following].ent_type_ not in _NOT_PERSON_LABELS
                   and "\n" not in capitals[following - 1].whitespace_):
                end, following = end + 1, following + 1
            if end - index >= 2:
                runs.append((index, end))
            resume = end
    return runs


def _honorific_gender(doc: Doc, start: int) -> str | None:
    for index in (start - 1, start - 2):
        if index >= 0 and doc[index].lower_.rstrip(".") in _HONORIFIC_GENDER:
            return _HONORIFIC_GENDER[doc[index].lower_.rstrip(".")]
        if index >= 0 and doc[index].text != ".":
            break
    return None


def _role_gender(root: Token) -> str | None:
    """``his father, Joseph``, ``Joseph, her son``, ``spokeswoman Ana Ruiz``."""
    neighbours = [root.head] if root.dep_ == "appos" else []
    neighbours += [child for child in root.children if child.dep_ in {"appos", "compound"}]
    neighbours += [token for token in root.doc[max(root.left_edge.i, root.i - 4):root.i] if token.pos_ == "NOUN"]
    for token in neighbours:
        gender = GENDERED_NOUNS.get(token.lemma_.lower()) or GENDERED_NOUNS.get(token.lower_)
        if gender is not None:
            return gender
    return None


def _pronoun_gender(root: Token, after: int, others: Sequence[tuple[int, int]],
                    quoted: Sequence[tuple[int, int]], main_subject: bool) -> str | None:
    """The first personal pronoun after token ``after`` in a sentence that names no other person, when
    it lies in the clause the name governs (``Kowal said she ...``; not "after she had heard that
    Holt was running, and she said": that ``she`` is somebody else); for the main subject of such a
    sentence, else the subject pronoun opening the next sentence (``Holt has met a supporter. He ...``)."""
    sentence = root.sent
    if any(sentence.start <= start < sentence.end for start, _ in others):
        return None
    doc = sentence.doc
    clause = root.head if root.dep_ in _SUBJECT_DEPS else root
    for token in doc[after:sentence.end]:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is not None and not _inside(token.idx, quoted):
            # an object pronoun is somebody else ("Kowal remembers him laughing"); a subject or a
            # possessive is the name's own
            # ("him" as the subject of a small clause, "remembers him laughing", is still somebody else)
            own = (token.dep_ in _SUBJECT_DEPS and token.lower_ in {"he", "she"}) or token.dep_ == "poss" or (
                token.lower_.endswith("self"))
            if own and clause.left_edge.i <= token.i <= clause.right_edge.i:
                return gender
            break
    if not main_subject or sentence.end >= len(doc):
        return None
    following = doc[sentence.end].sent
    if any(following.start <= start < following.end for start, _ in others):
        return None
    subject = next((token for token in following if token.dep_ in _SUBJECT_DEPS and not _inside(token.idx, quoted)),
                   None)
    return PRONOUN_GENDER.get(subject.lower_) if subject is not None else None


def _pronoun_subject_follows(name: Token, quoted: Sequence[tuple[int, int]]) -> bool:
    """``Oakes didn't hesitate. “It's this for sure,” he said.``: the next sentence's subject is
    ``he`` or ``she`` (a possessive is weaker evidence: "Riverton responded when Ames scored his goal")."""
    doc = name.doc
    sentence = name.sent
    if sentence.end >= len(doc):
        return False
    following = doc[sentence.end].sent
    subject = next((token for token in following if token.dep_ in _SUBJECT_DEPS and not _inside(token.idx, quoted)),
                   None)
    return subject is not None and subject.lower_ in {"he", "she"}


def find_people(doc: Doc, quoted: Sequence[tuple[int, int]], places: frozenset[str] | None = None,
                organizations: frozenset[str] = frozenset()) -> list[PersonMention]:
    """Every person named outside ``quoted`` (doc character ranges), in reading order. ``places`` is
    ``place_words(doc)`` when the caller has it already; ``organizations`` (``organization_names``)
    are PERSON-tagged names the article shows to be bodies."""
    if places is None:
        places = place_words(doc)
    runs = [(_name_run(doc, entity.start, entity.end)) for entity in doc.ents
            if entity.label_ in _PERSON_LABELS and not not_a_person(entity, places)
            and _text(doc, *_name_run(doc, entity.start, entity.end)) not in organizations]
    covered = {index for start, end in runs for index in range(start, end)}
    # Untagged runs only as subjects: elsewhere they are as often titles ("The Silent Harbour") or brands.
    runs += [(start, end) for start, end in _two_word_names(doc)
             if not covered & set(range(start, end)) and doc[start:end].root.dep_ in _SUBJECT_DEPS]
    # A lone surname the model tagged otherwise ("Oakes didn't hesitate", GPE) when a pronoun shows a person.
    covered = {index for start, end in runs for index in range(start, end)}
    # (tagged ORG too when a full name introduced it: "Tom Holt ... Holt has met", Holt tagged ORG)
    surnames = {doc[end - 1].lower_ for start, end in runs if end - start > 1}
    runs += [(token.i, token.i + 1) for token in doc
             if token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "ROOT" and token.pos_ == "PROPN"
             and capitalised(token) and token.i not in covered
             and (token.ent_type_ != "ORG" or token.lower_ in surnames)
             and not any(child.dep_ in {"compound", "det", "prep"} for child in token.children)  # not "Keeper of ..."
             and token.lower_ not in places]
    runs.sort()
    mentions: list[PersonMention] = []
    for number, (start, end) in enumerate(runs):
        first, last = doc[start], doc[end - 1]
        if _inside(first.idx, quoted) or not first.text.strip():
            continue
        root = doc[start:end].root
        name = _text(doc, start, end)
        others = runs[:number] + runs[number + 1:]
        main_subject = root.dep_ in _SUBJECT_DEPS and root.head.dep_ == "ROOT"
        gender = (_honorific_gender(doc, start) or _role_gender(root)
                  or _pronoun_gender(root, end, others, quoted, main_subject))
        # A lone untagged subject is a person when a pronoun shows it ("Holt said he ...", or "He ..." next).
        if end - start == 1 and root.ent_type_ != "PERSON" and gender is None and not _pronoun_subject_follows(
                root, quoted):
            continue
        subject_phrase = _subject_of_apposition(root)
        if subject_phrase is not None:
            # "Director of research at Acme, Ana Ruiz, agreed": named in apposition to the subject.
            main_subject = True
        subject = (root.dep_ in _SUBJECT_DEPS or root.dep_ == "ROOT" or subject_phrase is not None
                   or _described_by_who(root) or (end - start > 1 and _aged(doc, end)))
        mentions.append(PersonMention(first.idx, last.idx + len(last.text), name, subject, gender, main_subject))
    return mentions


def organization_names(doc: Doc) -> frozenset[str]:
    """Names the model tagged PERSON that the article itself shows to be organisations, as written
    (``Guild`` in "The Tanners' Guild said its members ...").

    The small model tags an unfamiliar capitalised name as a person often; news copy gives it away
    as it gives a person's gender away (``people.py`` reads that from the same article). Evidence, in
    the name or around any of its mentions: a word that names bodies, not people (``Guild``,
    ``Union``, ``Ministry``: ``ORGANIZATION_NAME_WORDS``); a plural verb after a singular name
    (``the Guild say``, British usage for a body); ``its`` in the clause the name is the subject of
    (``the Guild said its members ...``, nothing named between). A name with person evidence anywhere (an honorific, a
    gendered role noun, ``he``/``she`` in the clause it governs) stays a person.
    """
    votes: dict[str, bool] = {}  # name -> organisation evidence seen (False: person evidence seen)
    for entity in doc.ents:
        if entity.label_ not in _PERSON_LABELS:
            continue
        tokens = [token for token in entity if token.lower_ not in {"the", "'s", "’s"}]
        if not tokens:
            continue
        name = _text(doc, tokens[0].i, tokens[-1].i + 1)
        if votes.get(name) is False:
            continue
        root = entity.root
        if _person_evidence(root, entity.start, entity.end):
            votes[name] = False
            continue
        clause = root.head if root.dep_ in _SUBJECT_DEPS else None
        evidence = (
            any(token.lower_ in ORGANIZATION_NAME_WORDS for token in tokens)
            or (clause is not None and clause.tag_ == "VBP" and root.tag_ == "NNP"
                and not any(child.dep_ in {"conj", "cc"} for child in root.children))
            or (clause is not None and _its_follows(doc, entity.end, clause.right_edge.i))
        )
        if evidence:
            votes[name] = True
    return frozenset(name for name, organisation in votes.items() if organisation)


def _its_follows(doc: Doc, after: int, clause_end: int) -> bool:
    """The first noun or pronoun after the name in its clause is ``its`` (``the Guild said its
    members ...``): with nothing else named in between, the name is what ``its`` refers to."""
    for token in doc[after:clause_end + 1]:
        if token.pos_ in {"NOUN", "PROPN", "PRON"}:
            return token.lower_ == "its"
    return False


def _person_evidence(root: Token, start: int, end: int) -> bool:
    """An honorific, a gendered role noun or a gendered pronoun in the clause the name governs."""
    if _honorific_gender(root.doc, start) is not None or _role_gender(root) is not None:
        return True
    clause = root.head if root.dep_ in _SUBJECT_DEPS else root
    return any(token.lower_ in PRONOUN_GENDER and token.i >= end
               for token in root.doc[clause.left_edge.i:clause.right_edge.i + 1])


def caption_lines(text: str) -> list[tuple[int, int]]:
    """Lines that caption a photo or a video: they end in a credit in parentheses (a short one with a
    slash, an all-capitals one, or a credit word) or in a clip length. The people in a caption are
    pictured, not the subject of the paragraphs around it, so they are no antecedent for "he"
    ("Ana Ruiz, left, at the rally. (Tom Berg / Daily Post)" and then "“...,” he said" is not Ruiz)."""
    lines = []
    position = 0
    for line in text.split("\n"):
        credit = _CREDIT.search(line)
        if credit is not None:
            words = credit.group(1).split()
            is_credit = len(words) <= 8 and (bool(_CREDIT_WORDS.search(credit.group(1))) or credit.group(1).isupper())
        else:
            is_credit = False
        if is_credit or _CLIP_LENGTH.search(line):
            lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines


def not_a_person(entity: Span, places: frozenset[str]) -> bool:
    """A PERSON entity that is no person: a title with an article (``his comic The Lost
    Rider``; people's names take no ``the``), a photographer's credit (``(Ann Lee / CBC News)``: the
    name before the slash), or a lone word the article uses as a place (``places``, from ``place_words``)."""
    doc = entity.doc
    if len(entity) == 1 and entity[0].lower_ in places:
        return True
    before = doc[entity.start - 1] if entity.start > 0 else None
    after = doc[entity.end] if entity.end < len(doc) else None
    if entity[0].lower_ == "the" or (before is not None and before.lower_ == "the"):
        return True
    return "/" in entity.text or (after is not None and after.text.startswith("/"))


def place_words(doc: Doc) -> frozenset[str]:
    """Words the article uses as places or inside longer institution names (``in Halden``, ``the
    Halden Ravens``): a lone such word standing as a subject is the team or the city, not a person."""
    words = {token.lower_ for entity in doc.ents if entity.label_ in _PLACE_LABELS and len(entity) > 1
             for token in entity if capitalised(token)}
    # (a token's entity type is its entity's label: the GPE and LOC entities hold every such token, read
    # without a scan of the whole Doc, 15 ms on polnear-dev)
    words |= {token.lower_ for entity in doc.ents if entity.label_ in {"GPE", "LOC"} for token in entity
              if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS}
    return frozenset(words)


def _aged(doc: Doc, end: int) -> bool:
    """``... results for accountant Ana Ruiz, 50.`` then ``“...,” she says``: a full name with the age
    after it is how news copy introduces a private person it is about to quote, wherever the name stands."""
    if end + 2 > len(doc) or doc[end].text != "," or not doc[end + 1].like_num:
        return False
    closing = doc[end + 2] if end + 2 < len(doc) else None
    return (closing is None or closing.text in {",", ".", ";"}) and doc[end + 1].text.isdigit() and (
        0 < int(doc[end + 1].text) < 120)


def _described_by_who(root: Token) -> bool:
    """``I met Ana Ruiz, who runs the ferry``: a name that a ``who`` clause goes on to describe is that
    clause's subject, whatever it is in the main one (news copy introduces the next speaker so)."""
    return any(child.dep_ == "relcl" and any(grand.dep_ in _SUBJECT_DEPS and grand.lower_ == "who"
                                             for grand in child.children) for child in root.children)


def _subject_of_apposition(root: Token) -> Token | None:
    """The subject noun a name stands in apposition to, within a few steps (``Director, research
    response at Acme, Ana Ruiz, agreed``: Ruiz hangs on Acme, which hangs on the subject)."""
    if root.dep_ != "appos":
        return None
    current = root.head
    for _ in range(4):
        if current.dep_ in _SUBJECT_DEPS:
            # a title or a person noun ("Director", "his father") as the main clause's subject; not "He
            # said the business, along with ... Tom Berg, gave": a misparse inside reported words
            person_like = capitalised(current) or current.lemma_.lower() in GENDERED_NOUNS
            return current if person_like and current.head.dep_ == "ROOT" else None
        if current.dep_ not in _NOUN_PHRASE_DEPS or current.head is current:
            return None  # "a union run by his friend, Tom Berg": a clause between, not one phrase
        current = current.head
    return None


def _text(doc: Doc, start: int, end: int) -> str:
    tokens = [token for token in doc[start:end] if token.lower_ not in {"'s", "’s"}]
    if not tokens:
        return ""
    text = "".join(token.text_with_ws for token in tokens).strip()
    return text.replace("\u200b", "").replace("\ufeff", "")
