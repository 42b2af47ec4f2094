"""The reporting-cue lexicon: which words introduce what somebody said, wrote or holds.

Lemmas, because spaCy's lemmatiser maps ``said/says/saying`` to ``say``. The verb list is the union
of the reporting verbs the GenderGapTracker extractor and PolNeAR's guidelines name, trimmed by
looking at spurious matches on polnear-train and ggt-dev (``deem``, ``call`` as in "call for", ``show``
are out: they rarely introduce a statement).
"""

from __future__ import annotations

# Verbs of saying and writing: any clause they govern is reported speech.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "note", "continue", "stress", "warn", "explain", "argue", "claim",
    "declare", "announce", "insist", "reply", "respond", "write", "tweet", "post", "joke", "acknowledge",
    "admit", "confirm", "deny", "point", "report", "reveal", "assert", "allege", "contend", "maintain",
    "emphasize", "emphasise", "underline", "underscore", "remark", "comment", "observe", "recall",
    "mention", "concede", "caution", "predict", "promise", "pledge", "vow", "threaten", "urge", "ask",
    "suggest", "propose", "recommend", "complain", "lament", "boast", "quip", "shout", "yell", "scream",
    "whisper", "testify", "disclose", "indicate", "inform", "assure", "advise", "reiterate", "repeat",
    "conclude", "agree", "describe", "characterize", "characterise", "counter", "retort", "muse",
    "speculate", "estimate", "project", "forecast", "signal", "hint", "imply", "demand", "order",
    "instruct", "concur", "brief", "relate", "recount", "proclaim", "affirm", "accuse",
    "charge", "blame", "criticize", "criticise", "praise", "dismiss", "question", "wonder", "elaborate",
    "clarify", "summarize", "summarise", "quote", "cite",
    "answer", "text", "email", "exclaim", "snap", "sigh",
})

# Verbs of belief and knowledge: PolNeAR annotates them as attributions too; GGT does not. Kept
# separate so that a caller can tell speech from belief.
BELIEF_VERBS = frozenset({
    "believe", "think", "expect", "hope", "fear", "feel", "know", "doubt", "worry", "assume",
    "suspect", "consider", "figure", "reckon", "learn", "find", "understand", "realize", "realise",
    "recognize", "recognise", "conclude", "determine", "decide", "guess", "imagine", "anticipate",
})

# "a poll shows ...", "the survey found ...": findings of a study or poll, reported like a statement. Only
# with one of EVIDENCE_NOUNS as subject ("the team showed resilience" is no attribution). PolNeAR
# annotates these; the GenderGapTracker does not (it annotates what people say).
EVIDENCE_VERBS = frozenset({"show"})  # "find", "suggest", "reveal" are cues with any subject already
EVIDENCE_NOUNS = frozenset({"poll", "survey", "study", "data", "research", "analysis", "report", "figure",
                            "number", "result", "statistic", "review", "audit", "investigation", "test"})

# Verbs that take their content as an infinitive ("warned people not to ...", "urged him to ...").
# Only verbs whose infinitive is a statement, not a request or plan: on ggt-dev "threatened to throw",
# "asked them to release" were all spurious.
# "urged people to stay indoors" reports the appeal made (polnear-train, 150 articles: 5 of the 5 such
# statements it adds are gold; ggt-dev 3 of 3).
INFINITIVE_CONTENT_VERBS = frozenset({"warn", "caution", "promise", "pledge", "vow", "urge"})
# Of those, the ones whose infinitive is a commitment ("vowed to pass the bill"): PolNeAR annotates it,
# the GenderGapTracker does not (ggt-dev: 3 of 3 spurious), so the "speech" scope leaves them out.
COMMITMENT_VERBS = frozenset({"promise", "pledge", "vow"})

# "the statement says", "the note warns": documents that speak for whoever issued them.
DOCUMENT_NOUNS = frozenset({
    "text", "statement", "note", "report", "letter", "document", "communique", "communiqué", "release",
    "declaration", "memo", "memorandum", "filing", "complaint", "lawsuit", "ruling", "study", "survey",
    "poll", "analysis", "paper", "post", "tweet", "email", "message", "notice", "order", "decree",
    "resolution", "indictment", "affidavit", "transcript", "brief", "motion", "bill", "law", "policy",
    "guidance", "guideline", "guidelines", "website", "site", "press release", "announcement", "proposal",
    "book",  # "according to Ruiz's book": the author's
})

# Nouns that refer back to the last named organisation ("the agency said").
ORGANIZATION_NOUNS = frozenset({
    "agency", "company", "ministry", "department", "group", "organization", "organisation", "firm",
    "party", "committee", "union", "council", "government", "administration", "campaign", "office",
    "board", "bank", "court", "association", "network", "newspaper", "paper", "commission", "army",
    "military", "police", "force", "forces", "coalition", "alliance", "movement", "institute",
    "university", "school", "hospital", "team", "club", "league", "federation", "authority",
    "regulator", "service", "corporation", "business", "retailer", "startup", "platform", "channel",
    "railway", "railroad", "airline", "utility", "insurer", "lender", "carrier", "broadcaster", "publisher",
    "manufacturer", "automaker", "charity", "nonprofit",
})

# Words that, inside a capitalised name, make it a body and not a person ("the Dockworkers' Guild",
# "Brackley Nurses Union"): what the model tags PERSON is then an organisation (people.organization_names).
# Only words that are rarely surnames ("Court", "Bank", "Church" are; they stay out).
ORGANIZATION_NAME_WORDS = frozenset({
    "guild", "union", "council", "ministry", "department", "committee", "association", "federation",
    "institute", "university", "agency", "commission", "authority", "coalition", "alliance", "society",
    "foundation", "corporation", "company", "league", "club", "group", "inc", "inc.", "ltd", "ltd.", "corp",
    "corp.", "llc", "plc", "party", "cooperative", "co-op", "syndicate", "congress", "parliament",
    "directorate", "secretariat", "bureau", "trust", "fund", "network", "office",
})

# Words at the front of a name that are titles, not names: they go to the speaker's role.
TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev",
    "reverend", "father", "sister", "brother", "president", "vice", "prime", "minister", "premier",
    "senator", "sen", "rep", "representative", "congressman", "congresswoman", "gov", "governor",
    "mayor", "councillor", "councilor", "judge", "justice", "chief", "secretary", "ambassador", "king",
    "queen", "prince", "princess", "pope", "sheikh", "ayatollah", "imam", "rabbi", "general", "gen",
    "major", "maj", "lieutenant", "lt", "colonel", "col", "captain", "capt", "sergeant", "sgt",
    "corporal", "cpl", "private", "admiral", "adm", "commander", "cmdr", "brigadier", "marshal",
    "officer", "constable", "const", "detective", "det", "inspector", "insp", "superintendent",
    "supt", "commissioner", "chancellor", "speaker", "deputy", "attorney", "coach", "mp", "mla", "mpp",
    "st", "saint", "then", "former", "acting", "interim", "chairman", "chairwoman", "chair", "ceo",
    "spokesperson", "spokesman", "spokeswoman",  # "ministry spokesperson Li Wen"
})

# Name parts written in lower case that still belong to the name ("Hadi al-Ameri", "van der Berg").
NAME_PARTICLES = frozenset({"al", "el", "de", "da", "di", "del", "della", "der", "den", "van", "von",
                            "bin", "ibn", "la", "le", "du", "dos", "das", "abu", "-"})

# Parts of an organisation's name that show it is a news outlet (then it relays, "via").
OUTLET_WORDS = frozenset({
    "times", "post", "news", "newshour", "journal", "herald", "tribune", "gazette", "telegraph",
    "guardian", "reuters", "ap", "afp", "bloomberg", "politico", "axios", "globe", "star", "chronicle",
    "daily", "weekly", "magazine", "radio", "television", "tv", "broadcasting", "press", "wire", "bbc",
    "cnn", "nbc", "cbs", "abc", "msnbc", "npr", "pbs", "fox", "cbc", "ctv", "xinhua", "tass", "irna",
    "sputnik", "interfax", "yonhap", "kyodo", "jazeera", "agency", "newspaper", "economist", "atlantic",
    "independent", "observer", "mirror", "sun", "express", "examiner", "inquirer", "courier", "record",
    "dispatch", "bulletin", "monitor", "review", "newsweek", "time", "vox", "buzzfeed", "breitbart",
    "hill", "insider", "outlet", "network", "channel", "broadcaster", "show", "program", "programme",
    # common newspaper title words ("the Coastal Ledger", "the Evening Standard", "the Daily Sentinel")
    "ledger", "standard", "sentinel", "gleaner", "beacon", "register", "leader", "enquirer", "clarion",
})

# Nouns for people whose words are passed on by someone else ("through a translator").
RELAY_PERSON_NOUNS = frozenset({"translator", "interpreter", "spokesman", "spokeswoman", "spokesperson",
                                "aide", "lawyer", "attorney", "representative", "intermediary"})

# Verbs on a relay that pass its words on to an outer one ("a translator quoted by PBS NewsHour").
RELAYING_VERBS = frozenset({"quote", "cite", "report", "publish", "carry", "air", "broadcast", "tell"})
