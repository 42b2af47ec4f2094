"""Relay chains: who passed a statement on between its speaker and the article, outermost last.

``Ahmed said through a translator quoted by PBS NewsHour`` -> translator, PBS NewsHour;
``..., he continued, according to PBS NewsHour`` -> PBS NewsHour; ``confirmed by officials to The New
York Times`` -> The New York Times. Read off the dependents of the cue verb.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from newsprobe.extract.cues import DOCUMENT_NOUNS, OUTLET_WORDS, RELAY_PERSON_NOUNS, RELAYING_VERBS
from newsprobe.extract.speakers import describe_mention
from newsprobe.models import Relay

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# How an outlet gets hold of a document it did not publish: "a letter seen by", "a memo obtained by".
_DOCUMENT_SEEING_VERBS = frozenset({"see", "obtain", "review", "read", "examine", "get", "acquire", "view",
                                    "leak", "provide", "share", "send", "forward"})


def is_outlet(head: Token) -> bool:
    """Does this noun phrase name a news outlet (``The New York Times``, ``the Shafaq news agency``)?"""
    words = {token.lower_ for token in head.subtree if token.i <= head.i}
    if head.pos_ != "PROPN" and head.ent_type_ != "ORG" and not (words & {"news", "agency", "newspaper"}):
        return False
    return bool(words & OUTLET_WORDS)


def relay_of(head: Token) -> Relay:
    """The relay named by the noun phrase headed by ``head``."""
    mention = describe_mention(head)
    if head.lemma_.lower() in RELAY_PERSON_NOUNS and head.pos_ == "NOUN":
        kind = "translator" if head.lemma_.lower() in {"translator", "interpreter"} else "person"
        return Relay(head.lemma_.lower(), kind)
    name = _LEADING_ARTICLE.sub("", mention.name or mention.text)
    if is_outlet(head):
        return Relay(name, "outlet")
    if mention.kind == "document":
        return Relay(name, "document")
    return Relay(name, "organization" if mention.is_organization else "person")


def according_to_source(token: Token) -> Token | None:
    """For the ``according`` of ``according to X``: the head of X."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    return None


def _outer_relays(relay_head: Token) -> list[Relay]:
    """``a translator quoted by PBS NewsHour``: the relays that passed ``relay_head``'s words on."""
    chain: list[Relay] = []
    for child in relay_head.children:
        if child.dep_ == "acl" and child.lemma_.lower() in RELAYING_VERBS:
            for agent in child.children:
                if agent.dep_ == "agent":
                    outer = next((grand for grand in agent.children if grand.dep_ == "pobj"), None)
                    if outer is not None:
                        chain.append(relay_of(outer))
                        chain.extend(_outer_relays(outer))
    return chain


def _outlet_that_saw(document: Token) -> Relay | None:
    """``a letter seen by the Valley Courier``, ``a memo obtained by Reuters``, ``a filing provided to the
    Post``: the outlet that passes on a document it saw. News copy names it so when the document itself
    was not published; the words are the document's author's, and the outlet relays them."""
    if document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    for clause in document.children:
        if clause.dep_ != "acl" or clause.lemma_.lower() not in _DOCUMENT_SEEING_VERBS:
            continue
        for child in clause.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in {"to", "with"}):
                outlet = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
                if outlet is not None and is_outlet(outlet):
                    return relay_of(outlet)
    return None


def relays_of_cue(cue: Token) -> list[Relay]:
    """Relays attached to the cue verb itself, inner first."""
    chain: list[Relay] = []
    for child in cue.children:
        # "X, in a letter seen by the Valley Courier, said ...": the document's outlet relays X's words;
        # so does a document that is the subject ("a memo obtained by Reuters says ...")
        documents = [grand for grand in child.children if grand.dep_ == "pobj"] if (
            child.dep_ == "prep" and child.lower_ in {"in", "through"}) else [child] if (
            child.dep_ in {"nsubj", "nsubjpass"}) else []
        for document in documents:
            seen = _outlet_that_saw(document)
            if seen is not None:
                chain.append(seen)
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in {"through", "via"}:
            relay_head = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            if relay_head is not None:
                chain.append(relay_of(relay_head))
                chain.extend(_outer_relays(relay_head))
        elif child.dep_ in {"dative", "dobj"} and child.lemma_.lower() != "reporter" and is_outlet(child):
            chain.append(relay_of(child))
        elif child.dep_ == "prep" and child.lower_ == "to":
            recipient = next((grand for grand in child.children if grand.dep_ == "pobj"), None)
            if recipient is not None and is_outlet(recipient):
                chain.append(relay_of(recipient))
    for child in cue.children:
        source = according_to_source(child)
        if source is not None:
            chain.append(relay_of(source))
    return chain
