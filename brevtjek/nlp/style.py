"""Passive constructions and nominalisations: the two style signals klarsprog guides name.

Plain-language guidance for Danish public letters asks for active voice ("Vi har
besluttet …" rather than "Det er besluttet …") and for verbs instead of nouns in -else,
-ing, -tion, -hed ("vurdere" rather than "foretage en vurdering"). This module finds both
in a spaCy span and is the *only* place that knows how; the readability metrics and the
rules call it through a stable interface:

* :func:`passive_constructions` — token index ranges ``(start, end)`` (end exclusive, in
  the span's ``Doc``) of each passive construction;
* :func:`nominalisations` — token indices (in the ``Doc``) of nominalisations;
* :func:`nominal_chain` — the longest run of nominalisations close together.

Two strategies, chosen per document, sharing the same stop lists:

* **Morphology** (the pipeline has a morphologizer, ``Doc.has_annotation("MORPH")``):
  ``Voice=Pass`` marks the s-passive ("behandles"), and a past participle
  (``VerbForm=Part``) after a form of *blive* or *være* marks the periphrastic passive
  ("er blevet behandlet"). POS tags filter nouns out of the s-form test and tell which
  words may stand between the auxiliary and the participle (adverbs, the subject in
  inverted order: "Derfor er din ansøgning blevet afslået").
* **Rules** (blank pipeline: tokens and lookup lemmas only): an s-form whose lemma is a
  verb ("behandles" → "behandle") after a modal verb ("kan ikke imødekommes"), after the
  impersonal "der" ("Der lægges vægt på"), or standing as a finite verb ("Sagen
  behandles"); a participle-shaped word after *blive*/*være*.

What is *not* passive, in both strategies:

* deponent verbs that end in -s without being passive ("synes", "findes", "lykkes" …);
  reciprocal forms ("vi ses", "vi mødes") unless the impersonal subject shows the passive
  ("Der ses bort fra …", "Det ses af journalen …");
* words that merely end in -s: genitives ("kommunens"), adverbs ("ligeledes", "forgæves");
* *være* + the participle of a verb of motion or change of state, which forms the active
  perfect ("er gået", "er flyttet", "er bortfaldet", "er fyldt 67");
* *være* + an adjective that looks like a participle: negated participles ("uændret",
  "uafklaret": there is no verb "uændre") and participles that have become adjectives of
  state or attitude ("berettiget til", "interesseret i");
* nouns whose definite form looks like a participle ("tilfældet", "beløbet").

The heuristics trade some recall for few false alarms: a writer who is told that a correct
sentence is passive stops reading the advice. Their accuracy is measured against the
labelled set in ``corpora/passiv`` by :mod:`brevtjek.nlp.style_eval`; keep the three
function signatures stable when improving them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from brevtjek.nlp.tokens import doc_tokens, on_doc

MODALS = frozenset(
    {"kan", "kunne", "skal", "skulle", "vil", "ville", "må", "måtte", "bør", "burde"}
)
"""Modal verbs: an s-form after one of them is an infinitive passive ("kan bevilges")."""

RECIPROCALS = frozenset(
    {"ses", "sås", "mødes", "mødtes", "enes", "enedes", "slås", "sloges", "skændes",
     "skændtes", "tales", "samles", "skilles", "følges", "fulgtes", "kappes"}
)
"""s-forms that mostly mean "each other" in letters ("vi ses", "vi mødes", "tales ved"):
not passive, unless the subject is the impersonal "der"/"det" ("Der ses bort fra …",
"Der tales om …", "Det ses af sagen …") — see :func:`_impersonal_reciprocal`."""

DEPONENTS = RECIPROCALS | frozenset(
    {
        "synes", "syntes", "findes", "fandtes", "lykkes", "lykkedes", "mindes", "mindedes",
        "trives", "trivedes", "længes", "længtes", "færdes", "færdedes", "omgås",
        "omgikkes", "undres", "undredes", "væmmes", "ældes", "behøves", "skyldes",
        "skyldtes", "brydes", "ængstes", "blives", "kedes", "svedes",
    }
)
"""s-forms that are not passive: deponent verbs ("synes", "lykkes", "der findes" = there
is) and the reciprocal forms above."""

IMPERSONAL_SUBJECTS = frozenset({"der", "det"})
"""The empty subjects of the impersonal passive ("Der lægges vægt på", "Det oplyses")."""

FUNCTION_WORDS_IN_S = frozenset(
    {
        "vores", "jeres", "deres", "hendes", "hans", "dens", "dets", "ens", "hinandens",
        "andres", "alles", "hvis", "tilfreds", "utilfreds", "udenlands", "indenlands",
        "ingens", "hvems", "ligeledes", "anderledes", "hvorledes", "særdeles", "forgæves",
        "ellers", "straks", "tværs", "dels", "langs", "indendørs", "udendørs", "gratis",
        "status", "proces", "kursus", "bus", "hus", "pris", "plus", "minus", "kaos",
        "ethvers", "enhvers", "nogens", "sommetider", "undervejs", "baglæns", "forlæns",
    }
)
"""Words ending in -s or -es that are never verbs: possessives, adverbs ("ligeledes",
"forgæves"), everyday nouns ("status", "kursus")."""

NOT_BEFORE_VERB = frozenset(
    {
        "den", "de", "en", "et", "din", "dit", "dine", "min", "mit", "mine", "sin",
        "sit", "sine", "vores", "jeres", "deres", "hans", "hendes", "dens", "dets", "denne",
        "dette", "disse", "hele", "hver", "hvert", "enhver", "ethvert", "nogen", "noget",
        "ingen", "intet", "alle", "af", "til", "for", "på", "i", "om", "med", "fra", "ved",
        "efter", "under", "over", "mellem", "hos", "uden", "gennem", "mod", "pga.", "inkl.",
        "ekskl.", "iht.", "vedr.", "jf.", "egen", "eget", "egne", "samme", "anden", "andet",
        "andre", "ny", "nye", "nyt", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni",
        "ti", "flere", "mange", "nogle", "få", "begge",
    }
)
"""Determiners, numerals and prepositions: an s-form right after one is a genitive ("din
kommunes", "tre ugers"). "det" is missing on purpose: it is the subject of the classic
"Det oplyses, at …"."""

DETERMINERS = frozenset(
    {"den", "det", "de", "en", "et", "din", "dit", "dine", "min", "mit", "mine", "sin", "sit",
     "sine", "vores", "jeres", "deres", "hans", "hendes", "dens", "dets", "denne", "dette",
     "disse", "hele", "hver", "hvert", "alle", "begge", "nogle", "ingen", "intet"}
)
"""Words that open a noun phrase: in inverted order the subject may stand between the
auxiliary and the participle ("I dag er dit beløb overført")."""

BLIVE_FORMS = frozenset({"blive", "bliver", "blev", "blevet", "bliv", "blevne"})
VAERE_FORMS = frozenset({"være", "er", "var", "været", "vær"})
PASSIVE_AUX_LEMMAS = frozenset({"blive", "være"})
AUX_FORMS = BLIVE_FORMS | VAERE_FORMS

PERFECT_WITH_VAERE = frozenset(
    {
        "gå", "komme", "blive", "flytte", "rejse", "dø", "falde", "forsvinde", "ske", "starte",
        "stoppe", "ophøre", "vokse", "begynde", "opstå", "springe", "løbe", "køre", "vende",
        "stige", "synke", "udløbe", "forløbe", "ankomme", "afgå", "bortfalde", "indtræde",
        "forgå", "undslippe", "vågne", "udvandre", "indvandre", "hænde", "lykkes", "overgå",
        "tiltræde", "fratræde", "udtræde", "indgå", "forekomme", "fremkomme", "udeblive",
        "forblive", "være", "fylde", "flygte", "gro", "smutte", "styrte",
        "udgå", "bortgå", "fortsætte",
    }
)
"""Verbs whose perfect tense takes *være* ("er gået", "er flyttet", "er fyldt 67"): not
passive."""

VAERE_PERFECT_PARTICIPLES = frozenset(
    {"gået", "kommet", "blevet", "flyttet", "rejst", "død", "døde", "faldet", "forsvundet",
     "sket", "ophørt", "vokset", "opstået", "sprunget", "løbet", "steget", "sunket",
     "udløbet", "forløbet", "ankommet", "bortfaldet", "fyldt", "forblevet", "udeblevet",
     "forekommet", "fremkommet", "indtrådt", "fratrådt", "tiltrådt", "flygtet", "vendt"}
)
"""The participles of those verbs, also as the last part of a compound ("bortfaldet",
"udvandret" …): the lookup lemma is not always the verb ("bortfaldet" → "bortfald")."""

ADJECTIVAL_PARTICIPLES = frozenset(
    {"berettiget", "interesseret", "bekymret", "begejstret", "engageret", "motiveret",
     "uddannet", "gift", "forlovet", "fraskilt", "skilt", "tidsbegrænset", "overrasket",
     "forvirret", "koncentreret", "kvalificeret", "velkvalificeret", "deprimeret",
     "frustreret", "irriteret", "tilfreds", "velkommen", "fortrolig", "beliggende",
     "kendt", "ukendt", "bekendt", "sikret", "forsikret", "pensioneret", "handicappet",
     "fødselsregistreret", "organiseret", "egnet", "ugift", "beskæftiget", "bosat",
     "hjemmehørende"}
)
"""Participles that have become adjectives of state or attitude: "Du er berettiget til
hjælp", "Vi er interesseret i …", "Du er gift", "Bevillingen er tidsbegrænset"
(time-limited, a property of the grant). No one did anything to the subject, so they are
not passive."""

NOT_PARTICIPLES = frozenset(
    {"slut", "nødt", "fast", "let", "ret", "tæt", "sent", "kort", "godt", "flot", "lidt",
     "mest", "klart", "stort", "smart", "vist", "fælt", "sort", "hvidt", "rart", "fint",
     "meget", "skidt", "tit", "blot", "vant", "født", "ansvarlig"}
)
"""Short words in -t that a small tagger sometimes calls participles: "året er slut", "du er
nødt til", "det er let"."""

NEGATED_PARTICIPLE = re.compile(r"^u(?!d|nd)[a-zæøå]{4,}(?:et|t)$")
"""Negated participles: "uændret", "uafklaret", "ubehandlet", "ubesvaret". There is no
verb "uændre", so they are adjectives. Verbs in "ud-"/"und-" (udfyldt, undersøgt) are not
caught."""

PARTICLE_PREFIXES = (
    "", "af", "an", "be", "bi", "bort", "efter", "er", "fast", "for", "fore", "fra", "frem", "iværk",
    "gen", "gennem", "hen", "ind", "med", "mis", "ned", "om", "op", "over", "på", "sammen",
    "til", "tilbage", "ud", "und", "under", "ved", "videre",
)
"""Prefixes and particles that form compound verbs ("for-elagt", "ved-lagt", "fast-sat")."""

IRREGULAR_PARTICIPLES = frozenset(
    {"fundet", "taget", "lagt", "sagt", "givet", "skrevet", "truffet", "gjort", "solgt",
     "valgt", "bragt", "sat", "holdt", "trukket", "bundet", "brudt", "drevet", "grebet",
     "hjulpet", "set", "slået", "strøget", "stukket", "tvunget", "vundet", "kaldt", "talt",
     "fortalt", "spurgt", "ført", "søgt", "sendt", "købt", "brugt", "hørt", "lært", "mødt",
     "fulgt", "smidt", "stillet", "budt", "frosset", "skåret", "ladet", "skudt", "stjålet",
     "afvist", "henvist", "anvist", "udvist", "påvist", "bevist", "tilbagevist", "nævnt",
     "glemt", "dømt", "lånt", "ændret", "delt", "tjent", "betalt", "tilladt", "forbudt"}
)
"""Participles of strong and irregular verbs, whose lookup lemma is often wrong ("fundet" →
"fund", "lagt" → "læg"); with a particle prefix they make compounds ("fore-lagt",
"fast-sat", "op-gjort", "over-ført", "under-skrevet")."""

NOUNS_IN_E = frozenset(
    {"tilfælde", "værelse", "møde", "område", "emne", "billede", "sted", "hjem", "skema",
     "forhold", "forløb", "tema", "firma", "stykke", "rige", "vilkår"}
)
"""Nouns whose definite form looks like a participle ("tilfældet", "badeværelset")."""

BETWEEN_AUX_AND_PARTICIPLE = frozenset(
    {"ikke", "også", "nu", "derfor", "allerede", "desværre", "altså", "hermed", "herved",
     "dermed", "først", "igen", "snart", "aldrig", "kun", "endnu", "ofte", "heller", "jo",
     "vel", "nok", "helt", "blot", "bare", "straks", "herefter", "senere", "tidligere",
     "blevet", "været", "du", "i", "de", "han", "hun", "den", "det", "vi", "man", "dig",
     "jer", "dem", "endelig", "delvis", "delvist", "korrekt", "fuldt", "rigtigt", "både",
     "stadig", "netop", "just", "sidst", "længe", "længere", "ligeledes",
     "udtrykkeligt", "ellers", "måske", "muligvis", "formentlig", "sikkert"}
)
"""Adverbs and pronouns that may stand between *blive*/*været* and the participle ("er
derfor ikke blevet behandlet", "Bliver du kontaktet", "er ikke korrekt udfyldt"); with a
tagger, any ADV/PRON may. A prepositional phrase may stand there too ("er ved vurderingen
lagt vægt på")."""

BETWEEN_AUX_AND_PARTICIPLE_STOP = frozenset(
    {"og", "eller", "men", "at", "som", "fordi", "hvis", "når", "da", "så", "idet",
     "mens", "selvom", "end"}
)
"""Words that end the search for a participle after *blive*/*være* (a new clause begins).
"der" ends it too, except right after the auxiliary ("blev der udarbejdet")."""

COORDINATORS = frozenset({"og", "eller"})
"""A second participle coordinated with the first shares its auxiliary ("er modtaget og
registreret")."""

NP_TAGS = frozenset({"DET", "PRON", "NOUN", "PROPN", "NUM", "ADJ"})
"""Tags of the words of a subject in inverted order ("I dag er beløbet overført")."""

BETWEEN_TAGS = frozenset({"ADV", "PART"})

PARTICIPLE_WINDOW = 5
"""How many words after *blive*/*være* may stand before the participle ("er derfor ikke
blevet behandlet", "Den 3. maj blev din sag forelagt")."""

MAX_SUBJECT_WORDS = 3
"""Longest subject accepted between the auxiliary and the participle ("dit barns behov")."""

MODAL_WINDOW = 4
"""How many tokens after a modal may separate it from the s-form ("kan derfor ikke
imødekommes")."""

VOWELS = frozenset("aeiouyæøå")
SENTENCE_OPENERS = frozenset({'"', "»", "«", "(", "-", "–", ":"})
"""After these a capital letter starts a quotation or an item, not a name."""

NOMINAL_SUFFIX = re.compile(
    r"(?:else(?:n|ns|r|rs|rne|rnes|s)?|(?:ning|ing|tion|hed)(?:en|ens|er|ers|erne|ernes|s)?)$"
)
"""Nominalisation suffixes -else, -ing (-ning), -tion, -hed with their inflected endings."""

BASE_SUFFIX = re.compile(r"^(.*?(?:else|ing|tion|hed))")

NOMINAL_MIN_STEM = 3
"""Letters needed before the suffix: keeps "ting", "ring", "enhed", "helse" out."""

NOMINAL_STOP_EXACT = frozenset(
    {"ting", "ring", "sving", "kring", "konge", "viking", "pudding", "camping", "parking",
     "shopping", "timing", "rating", "briefing", "meeting", "tidligere", "nation", "station",
     "portion", "position", "lektion", "lotion", "motion", "kaution", "ration", "fraktion"}
)
NOMINAL_STOP_HEADS = frozenset(
    {"styrelse", "bestyrelse", "afdeling", "forvaltning", "myndighed", "virksomhed",
     "lejlighed", "mulighed", "institution", "lærling", "flygtning", "slægtning",
     "udlænding", "yngling", "dronning", "bygning", "forening", "regering", "station",
     "kommunikation"}
)
"""Nouns that end like a nominalisation but name an organisation, a place or a person
("Ankestyrelsen", "Familieafdelingen", "andelsboligforeningen"); matched as compound head."""

NOMINAL_CHAIN_GAP = 3
"""Nominalisations at most this many tokens apart (e.g. "ansøgning om en bevilling") form a
chain, when only linking words stand between them."""

CHAIN_LINKS = frozenset(
    {"af", "om", "til", "for", "med", "i", "på", "ved", "fra", "under", "efter", "over", "hos",
     "mellem", "vedrørende", "vedr.", "en", "et", "den", "det", "de", "din", "dit", "dine",
     "sin", "sit", "sine", "hans", "hendes", "deres", "jeres", "vores", "min", "mit", "mine",
     "denne", "dette", "disse", "hele", "ny", "nye"}
)
"""Prepositions, articles and possessives: the glue of "behandlingen af ansøgningen om
bevilling". A verb, a conjunction or punctuation between two nominalisations breaks the
chain; a genitive ("sagens behandling") does not."""



INTRANSITIVE_PARTICLES = (
    "af", "an", "bort", "frem", "fore", "op", "ud", "til", "tilbage", "ned", "hjem", "væk",
    "forbi", "ind", "sammen",
)
"""Particles that keep a motion verb intransitive ("bort-faldet", "ud-løbet"); "be-",
"gennem-", "over-" make transitive verbs ("begået", "gennemgået") and are not here."""

NON_VERB_TAGS = frozenset({"NOUN", "PROPN", "ADJ", "PRON", "DET", "ADP", "NUM"})


def doc_has(doc: Doc, attribute: str) -> bool:
    """``doc.has_annotation(attribute)``, computed once per Doc.

    spaCy answers by scanning every token; the style checks ask once per sentence, which
    made the question quadratic in a block's length. The answer is kept in ``user_data``.
    """
    return on_doc(doc, f"brevtjek.has_annotation.{attribute}",
                  lambda: bool(doc.has_annotation(attribute)))


def has_morphology(doc: Doc) -> bool:
    """Whether the pipeline that made ``doc`` assigned morphological features."""
    return doc_has(doc, "MORPH")


def _has_pos(doc: Doc) -> bool:
    return doc_has(doc, "POS")


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _is_word(token: Token) -> bool:
    return any(char.isalpha() for char in token.text)


def _is_midsentence_capital(token: Token) -> bool:
    """A capitalised word inside a sentence: a name ("Egebæk Kommunes"), not a verb."""
    if not token.text[:1].isupper() or token.is_sent_start or token.i == 0:
        return False
    return token.doc[token.i - 1].text not in SENTENCE_OPENERS


def _previous_word(doc: Doc, index: int, floor: int) -> Token | None:
    position = index - 1
    while position >= floor:
        token = doc[position]
        if not token.is_space:
            return token
        position -= 1
    return None


def _next_word(doc: Doc, index: int, end: int) -> Token | None:
    position = index + 1
    while position < end:
        token = doc[position]
        if not token.is_space:
            return token
        position += 1
    return None


# --- s-passive -----------------------------------------------------------------------


def _loan_verb_s_form(lower: str) -> bool:
    """Verbs in -ere ("refundere", "registrere") make s-forms in -eres, and no common
    Danish word ends so otherwise; the pruned lemma table does not know them all."""
    return len(lower) >= 8 and lower.endswith("eres") and lower not in FUNCTION_WORDS_IN_S


def _verb_lemma_for_s_form(token: Token) -> bool:
    """The lemma table says this s-form is a verb form: "behandles" → "behandle"."""
    lower = token.lower_
    lemma = _lemma(token)
    if _loan_verb_s_form(lower):
        return True
    if lemma == lower or not lemma or lemma[-1] not in VOWELS:
        return False
    return lower in {lemma + "s", lemma + "des", lemma + "tes", lemma[:-1] + "edes"}


def _s_form_shape(token: Token) -> bool:
    lower = token.lower_
    return (
        len(lower) >= 4
        and lower.endswith("s")
        and lower.isalpha()
        and lower not in FUNCTION_WORDS_IN_S
        and not _is_midsentence_capital(token)
    )


RECIPROCAL_SUBJECTS = frozenset({"vi", "de", "jer", "os", "dem"})
"""Plural persons: with one of them in the clause "ses", "mødes", "enes" mean "each
other" ("Vi ses på tirsdag", "Hvis I ikke kan enes"); "I" (you, plural) only with its
capital letter, since "i" is also a preposition."""

PERSONAL_SUBJECTS = frozenset({"du", "jeg", "vi", "han", "hun", "man"})
"""Pronouns that can only be subjects: an s-form in -es right after one is the finite verb
("Du bedes kontakte os", "Du opfordres til …")."""


def _clause_words(doc: Doc, index: int, floor: int, end: int) -> list[Token]:
    """The words of the clause around ``index``: back and forth to punctuation or a
    conjunction."""
    words: list[Token] = []
    for step in (-1, 1):
        position = index + step
        while floor <= position < end:
            token = doc[position]
            if token.is_punct or token.lower_ in BETWEEN_AUX_AND_PARTICIPLE_STOP:
                break
            words.append(token)
            position += step
    return words


def _impersonal_reciprocal(doc: Doc, index: int, floor: int, end: int) -> bool:
    """A reciprocal form used as a passive: "Der ses bort fra …", "afgørelserne kan ses på
    ast.dk". Reciprocal ("each other") needs plural persons as subject ("vi ses")."""
    if doc[index].lower_ not in RECIPROCALS:
        return False
    following = _next_word(doc, index, end)
    if following is not None and following.lower_ == "bort":
        return True
    if following is not None and following.lower_ == "med":
        return False  # "mødes med", "ses med": meet with someone
    return not any(
        word.lower_ in RECIPROCAL_SUBJECTS or word.text == "I"
        for word in _clause_words(doc, index, floor, end)
    )


def _after_modal(doc: Doc, index: int, floor: int) -> bool:
    """A modal verb comes at most MODAL_WINDOW words before, with no punctuation between."""
    position = index - 1
    seen = 0
    while position >= floor and seen < MODAL_WINDOW:
        token = doc[position]
        if token.is_space:
            position -= 1
            continue
        if token.is_punct:
            return False
        if token.lower_ in MODALS:
            return True
        if token.lower_ in BETWEEN_AUX_AND_PARTICIPLE_STOP:
            return False
        seen += 1
        position -= 1
    return False


def _infinitive_after_modal(doc: Doc, index: int, floor: int, previous: Token | None) -> bool:
    """"skal det leveres": after a modal an -es form is the infinitive passive, whatever the
    lemma table or the tagger say of the rare word, unless a determiner before it makes it
    a genitive ("kan få en uges ferie")."""
    token = doc[index]
    if not token.lower_.endswith("es") or len(token) < 5:
        return False
    if previous is not None and previous.lower_ in NOT_BEFORE_VERB:
        return False
    return _after_modal(doc, index, floor)


def _rule_s_passive(doc: Doc, index: int, floor: int, verb_lemma: bool) -> bool:
    """Rule-based s-passive: after a modal, or as a finite verb after its subject."""
    previous = _previous_word(doc, index, floor)
    if _after_modal(doc, index, floor):
        return verb_lemma or _infinitive_after_modal(doc, index, floor, previous)
    if not verb_lemma:
        return False
    if previous is None:
        return False  # a sentence does not open with a finite s-passive in letters
    if previous.lower_ in NOT_BEFORE_VERB:
        return False
    return not (previous.is_punct and previous.text != ",")


def _s_passive(doc: Doc, index: int, floor: int, end: int, morphology: bool, pos: bool) -> bool:
    token = doc[index]
    lower = token.lower_
    if lower in DEPONENTS:
        return _impersonal_reciprocal(doc, index, floor, end)
    if not _s_form_shape(token):
        return False
    if morphology and "Pass" in token.morph.get("Voice", []):
        return True
    previous = _previous_word(doc, index, floor)
    if previous is not None and lower.endswith("es") and (
        previous.lower_ == "der" or previous.lower_ in PERSONAL_SUBJECTS
    ):
        return True  # "Der lægges vægt på", "Du bedes …": after a subject, the finite verb
    verb_lemma = _verb_lemma_for_s_form(token)
    if _infinitive_after_modal(doc, index, floor, previous):
        return True
    if pos and token.pos_ in NON_VERB_TAGS and not verb_lemma:
        return False  # a small tagger often calls a rare s-passive a noun: trust the lemma
    return _rule_s_passive(doc, index, floor, verb_lemma)


# --- blive/være + participle ---------------------------------------------------------


def _irregular_participle(lower: str) -> bool:
    """A strong or irregular participle, alone or in a compound verb: "fore-lagt",
    "tilrette-lagt", "be-talt". The short ones ("sat", "set") only after a particle."""
    for length in range(len(lower) - 3, -1, -1):
        tail = lower[length:]
        if tail in IRREGULAR_PARTICIPLES and (len(tail) >= 4 or lower[:length] in PARTICLE_PREFIXES):
            return True
    return False


def _perfect_with_vaere(token: Token) -> bool:
    """The participle of a verb whose perfect takes *være*: "er gået", "er bortfaldet"."""
    lemma = _lemma(token)
    if lemma in PERFECT_WITH_VAERE or lemma + "e" in PERFECT_WITH_VAERE:
        return True
    lower = token.lower_
    if lower in VAERE_PERFECT_PARTICIPLES:
        return True
    return any(
        lower.startswith(prefix) and lower[len(prefix):] in VAERE_PERFECT_PARTICIPLES - {"fyldt"}
        for prefix in INTRANSITIVE_PARTICLES
    )


def _adjectival(lower: str) -> bool:
    """An adjective that looks like a participle ("uændret", "berettiget")."""
    return lower in ADJECTIVAL_PARTICIPLES or (
        NEGATED_PARTICIPLE.match(lower) is not None and not lower.startswith("up")
    )


def _rule_participle(token: Token) -> bool:
    """Participle-shaped: "behandlet" (behandle), "sendt" (sende), "forelagt" (lægge)."""
    lower = token.lower_
    if not lower.isalpha() or not lower.endswith("t"):
        return False
    if _irregular_participle(lower):
        return True
    if len(lower) < 4:
        return False
    lemma = _lemma(token)
    if any(lemma.endswith(noun) for noun in NOUNS_IN_E):
        return False
    if len(lemma) >= 2 and lemma[-1] not in VOWELS and lower == lemma + lemma[-1] + "et":
        return True  # "dækket", "lukket": the table gives the noun ("dæk"), the verb doubles
    if lemma == lower:  # not in the lemma table: trust the typical participle endings
        return (lower.endswith("et") and len(lower) >= 7) or lower.endswith(("lagt", "sagt", "valgt"))
    if not lemma or lemma[-1] not in VOWELS:
        return False
    return lower.endswith("et") or (lemma.endswith("e") and lower == lemma[:-1] + "t")


def _participle(token: Token, morphology: bool) -> bool:
    """A predicative past participle: uninflected (-t), not a være-perfect, not an adjective.

    Inflected forms ("den bevilgede hjælp", "de ansøgte") are attributive, so only the
    form in -t counts, with the morphologizer or with the rules."""
    lower = token.lower_
    if not lower.endswith("t") or lower in NOT_PARTICIPLES or _adjectival(lower):
        return False
    if _perfect_with_vaere(token):
        return False
    if morphology and "Part" in token.morph.get("VerbForm", []):
        return True
    return _rule_participle(token)


def _may_be_passive_aux(lower: str, lemma: str, text: str, morphology: bool) -> bool:
    """:func:`_is_passive_aux` without the POS test, on plain strings: a cheap pre-test, so
    the Token object is only built for the few words that can be an auxiliary."""
    return lower in AUX_FORMS or (morphology and (lemma or text).lower() in PASSIVE_AUX_LEMMAS)


def _is_passive_aux(token: Token, morphology: bool) -> bool:
    if token.lower_ in AUX_FORMS:
        return True
    return morphology and _lemma(token) in PASSIVE_AUX_LEMMAS and token.pos_ in {"AUX", "VERB"}


def _adverb_between(token: Token, pos: bool) -> bool:
    lower = token.lower_
    if lower in BETWEEN_AUX_AND_PARTICIPLE or lower.endswith(("igt", "vist", "ligt")):
        return True
    return pos and token.pos_ in BETWEEN_TAGS


def _subject_word(token: Token, pos: bool, seen: int, open_phrase: bool) -> bool:
    """A word of the subject in inverted order ("blev sagen forelagt", "er dit barns …").

    With a tagger: any determiner, pronoun, noun, adjective or numeral. Without one: a
    determiner, a genitive, or one noun in a definite form right after the auxiliary or
    after a determiner."""
    lower = token.lower_
    if pos:
        return token.pos_ in NP_TAGS
    if lower in DETERMINERS:
        return True
    if not lower.isalpha():
        return False
    if open_phrase:
        return True
    return seen == 0 and lower.endswith(("en", "et", "ne"))


PREPOSITIONS = frozenset(
    {"af", "til", "for", "på", "i", "om", "med", "fra", "ved", "efter", "under", "over", "hos",
     "inden", "senest", "siden", "uden", "mod", "gennem", "pr.", "jf."}
)


def _noun_follows(doc: Doc, index: int, end: int, pos: bool) -> bool:
    """The word after ``index`` is a noun, so the participle is attributive."""
    following = _next_word(doc, index, end)
    if following is None:
        return False
    if pos:
        return following.pos_ in {"NOUN", "PROPN", "ADJ"}
    lower = following.lower_
    return lower.isalpha() and not (
        lower in BETWEEN_AUX_AND_PARTICIPLE_STOP
        or lower in BETWEEN_AUX_AND_PARTICIPLE
        or lower in PREPOSITIONS
    )


def _participle_after(doc: Doc, index: int, end: int, morphology: bool, pos: bool) -> int | None:
    """Index of the participle completing a passive after the auxiliary at ``index``."""
    position = index + 1
    seen = 0
    subject_words = 0
    open_phrase = False  # a determiner or genitive was seen: a noun may follow
    previous_determiner = False
    while position < end and seen < PARTICIPLE_WINDOW:
        token = doc[position]
        if token.is_space:
            position += 1
            continue
        lower = token.lower_
        if token.is_punct or lower in BETWEEN_AUX_AND_PARTICIPLE_STOP:
            return None
        if lower == "der":
            if seen:
                return None  # a relative clause begins
        elif _participle(token, morphology):
            if previous_determiner and _noun_follows(doc, position, end, pos):
                return None  # attributive: "Det er et bevilget hjælpemiddel"
            return position
        elif _adverb_between(token, pos):
            pass
        elif subject_words < MAX_SUBJECT_WORDS and (
            lower in PREPOSITIONS or _subject_word(token, pos, seen, open_phrase)
        ):
            subject_words += 1  # the subject, or an adverbial ("er ved vurderingen lagt")
            open_phrase = (
                lower in DETERMINERS or lower in PREPOSITIONS
                or (lower.endswith("s") and len(lower) > 3)
            )
        else:
            return None
        previous_determiner = lower in DETERMINERS or (pos and token.pos_ == "DET")
        seen += 1
        position += 1
    return None


def _coordinated_participles(doc: Doc, index: int, end: int, morphology: bool) -> list[int]:
    """Participles joined to the one at ``index`` by og/eller: "er modtaget og registreret"."""
    found: list[int] = []
    position = index + 1
    while position + 1 < end and doc[position].lower_ in COORDINATORS:
        candidate = doc[position + 1]
        if not _participle(candidate, morphology):
            break
        found.append(position + 1)
        position += 2
    return found


def passive_constructions(span: Span) -> list[tuple[int, int]]:
    """Passive constructions in ``span`` as (start, end) token indices in its ``Doc``.

    An s-passive is the verb alone ("behandles"); a periphrastic passive runs from the
    auxiliary to the participle ("er blevet behandlet"); a participle coordinated with it
    ("og registreret") is a construction of its own. Ranges do not overlap.
    """
    doc = span.doc
    morphology = has_morphology(doc)
    pos = _has_pos(doc)
    tokens = doc_tokens(doc)
    found: list[tuple[int, int]] = []
    covered_until = span.start
    for index in range(span.start, span.end):
        if index < covered_until:
            continue
        if tokens.is_space[index] or tokens.is_punct[index]:
            continue
        may_be_aux = _may_be_passive_aux(tokens.lower[index], tokens.lemma[index],
                                         tokens.text[index], morphology)
        if not may_be_aux and not tokens.lower[index].endswith("s"):
            continue  # neither an auxiliary nor an s-form: no passive starts here
        token = doc[index]
        if may_be_aux and _is_passive_aux(token, morphology):
            participle = _participle_after(doc, index, span.end, morphology, pos)
            if participle is not None:
                found.append((index, participle + 1))
                covered_until = participle + 1
                for extra in _coordinated_participles(doc, participle, span.end, morphology):
                    found.append((extra, extra + 1))
                    covered_until = extra + 1
                continue
        if _s_passive(doc, index, span.start, span.end, morphology, pos):
            found.append((index, index + 1))
    return found

def _nominal_base(lower: str) -> str | None:
    """The uninflected nominalisation ("ansøgningerne" → "ansøgning"), or None."""
    if not NOMINAL_SUFFIX.search(lower):
        return None
    match = BASE_SUFFIX.match(lower)
    if match is None:
        return None
    base = match.group(1)
    for suffix in ("else", "ning", "ing", "tion", "hed"):
        if base.endswith(suffix):
            if len(base) - len(suffix) < NOMINAL_MIN_STEM:
                return None
            break
    return base


@lru_cache(maxsize=16384)
def _nominal_form(lower: str, lemma: str) -> bool:
    """The word's form (its lemma when the table knows one) is a nominalisation: the
    string half of :func:`_is_nominalisation`, tested first because it rules out most
    words without building a Token. Remembered: letters repeat the same few hundred
    words, and each test runs two regular expressions."""
    base = _nominal_base(lemma if lemma != lower and lemma.isalpha() else lower)
    if base is None:
        return False
    if base in NOMINAL_STOP_EXACT:
        return False
    return not any(base.endswith(head) for head in NOMINAL_STOP_HEADS)


def _is_nominalisation(token: Token, pos: bool) -> bool:
    if not token.is_alpha:
        return False
    if pos and token.pos_ not in {"NOUN"}:
        return False
    if not pos and _is_midsentence_capital(token):
        return False
    return _nominal_form(token.lower_, _lemma(token))


def nominalisations(span: Span) -> list[int]:
    """Token indices (in the span's ``Doc``) of nouns in -else, -ing, -tion, -hed."""
    doc = span.doc
    pos = _has_pos(doc)
    tokens = doc_tokens(doc)
    found: list[int] = []
    for index in range(span.start, span.end):
        if not tokens.is_alpha[index]:
            continue
        lemma = (tokens.lemma[index] or tokens.text[index]).lower()
        if _nominal_form(tokens.lower[index], lemma) and _is_nominalisation(doc[index], pos):
            found.append(index)
    return found


def _links(token: Token) -> bool:
    lower = token.lower_
    return token.is_space or lower in CHAIN_LINKS or (
        token.is_alpha and lower.endswith("s") and len(lower) > 3
    )


def nominal_chain(span: Span, found: list[int] | None = None) -> list[int]:
    """The longest run of nominalisations at most NOMINAL_CHAIN_GAP tokens apart.

    "Behandlingen af ansøgningen om bevilling" is a chain of three; anything but linking
    words (:data:`CHAIN_LINKS`, genitives) between two nominalisations breaks the chain.
    """
    doc = span.doc
    indices = found if found is not None else nominalisations(span)
    best: list[int] = []
    current: list[int] = []
    for index in indices:
        if current and (
            index - current[-1] > NOMINAL_CHAIN_GAP
            or not all(_links(doc[between]) for between in range(current[-1] + 1, index))
        ):
            current = []
        current.append(index)
        if len(current) > len(best):
            best = list(current)
    return best


__all__ = [
    "doc_has",
    "has_morphology",
    "nominal_chain",
    "nominalisations",
    "passive_constructions",
]
