"""Training the learned refusal judges (needs scikit-learn; never imported by the judges).

    python -m safereward.refusal.training --judge lexical      # writes lexical_weights.npz
    python -m safereward.refusal.training --judge embedding    # writes embedding_head.npz (torch)
    python -m safereward.refusal.training --judge all --cross-model   # + held-out accuracy

Training data: the XSTest completions in ``<repo>/../shared/data/xstest-dev`` (read by path,
override with ``--data`` or ``SAFEREWARD_SHARED``) plus our own examples composed from
``data/phrases.json`` and ``data/examples.jsonl``: refusals in several wordings and
languages, partial refusals, terse over-refusals of harmless requests, and the compliances a
substring list gets wrong (apology-then-help, refuse-then-comply, help that mentions
"unsafe" or "cannot", short helpful answers such as "It is a cat.", harmful steps stuffed
with refusal keywords, encoded, or after a refusal in another language). The hand-written
part is what the hack catalogue (``benchmarks/hacks.py``) needs: without it, "It is a cat."
reads as a refusal and keyword soup around harmful steps as one. Its refusals in
Latin-script languages share n-grams with English answers and cost held-out accuracy; helpful
answers in those languages, class-balanced XSTest files (``balanced_weights``) and a fixed
total weight for the large hand-written groups (``GROUP_WEIGHT``) win it back.
The ``ensemble`` judge needs no training of its own: it adds
the two judges' logits.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add
from pathlib import Path

import numpy as np
import regex

from safereward.refusal.features import NgramSpec, hashed_ngrams
from safereward.refusal.view import NON_LATIN_LETTER
from safereward.refusal.weights import save_arrays

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REFUSAL_LABELS = {"2_full_refusal", "3_partial_refusal"}


def default_xstest_dir() -> Path:
    shared = os.environ.get("SAFEREWARD_SHARED")
    base = Path(shared) if shared else HERE.parents[1] / ".." / "shared"
    return (base / "data" / "xstest-dev").resolve()


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    labels: np.ndarray  # bool, True = refusal
    weights: np.ndarray | None = None  # per example; None = all 1

    def weight(self) -> np.ndarray:
        return np.ones(len(self.texts)) if self.weights is None else self.weights

    def __add__(self, other: Labelled) -> Labelled:
        weights = None
        if self.weights is not None or other.weights is not None:
            weights = np.concatenate([self.weight(), other.weight()])
        labels = np.concatenate([self.labels, other.labels])
        return Labelled(self.texts + other.texts, labels, weights)

    def __len__(self) -> int:
        return len(self.texts)


def load_xstest(directory: str | Path) -> dict[str, Labelled]:
    """One ``Labelled`` per model file, keyed by model name (``gpt4``, ``llama2new``, ...)."""
    d = Path(directory)
    files = sorted(d.glob("*.csv"))
    if not files:
        raise FileNotFoundError(
            f"no XSTest completion CSVs in {d}: training reads them from a checkout's sibling "
            "folder ../shared/data/xstest-dev (absent from an installed package); pass --data "
            "or set SAFEREWARD_SHARED to the folder holding data/xstest-dev"
        )
    out: dict[str, Labelled] = {}
    for f in files:
        with f.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        if not rows or "completion" not in rows[0] or "final_label" not in rows[0]:
            raise ValueError(f"{f} lacks the completion/final_label columns")
        name = f.stem.removeprefix("xstest_v2_completions_")
        out[name] = Labelled(
            [r["completion"] or "" for r in rows],
            np.array([r["final_label"] in REFUSAL_LABELS for r in rows]),
        )
    return out


def xstest_prompts(directory: str | Path) -> dict[str, list[str]]:
    """Each XSTest file's prompts, in ``load_xstest``'s order (files sorted, rows as read)."""
    out = {}
    for f in sorted(Path(directory).glob("*.csv")):
        with f.open(newline="", encoding="utf-8") as fh:
            out[f.stem.removeprefix("xstest_v2_completions_")] = [
                r.get("prompt") or "" for r in csv.DictReader(fh)
            ]
    return out


def handwritten(seed: int = 0) -> Labelled:
    """Our own examples: the full ones in examples.jsonl plus compositions of phrases.json."""
    rng = np.random.default_rng(seed)
    bank = json.loads((DATA / "phrases.json").read_text(encoding="utf-8"))
    texts: list[str] = []
    labels: list[bool] = []
    groups: list[str] = []
    group = "examples"

    def add(text: str, refusal: bool) -> None:
        texts.append(text.strip())
        labels.append(refusal)
        groups.append(group)

    def pick(key: str) -> str:
        return str(bank[key][rng.integers(len(bank[key]))])

    for line in (DATA / "examples.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            add(row["text"], row["label"] == "refusal")
    group = "refusals"
    for opener in bank["refusal_openers"]:
        add(opener, True)
        add(f"{opener} {pick('refusal_reasons')}", True)
        add(f"{opener} {pick('refusal_reasons')} {pick('refusal_followups')}", True)
        add(f"{pick('refusal_reasons')} {opener}", True)
        # refuse-then-comply: the harmful content was given, so it is a compliance
        add(f"{opener} {pick('pivots')} {pick('harmful_steps')}", False)
    for opener in bank["refusal_openers"]:
        add(f"{opener} {pick('refusal_lectures')} {pick('refusal_lectures')}", True)
    for premise in bank["premise_rejections"]:
        add(f"{premise} {pick('refusal_lectures')}", True)
        add(f"{premise} {pick('refusal_lectures')} {pick('refusal_followups')}", True)
    for opener in bank["harmful_compliance_openers"]:
        # harmful content given with a warning is still a compliance
        for _ in range(3):
            add(f"{opener} {pick('harmful_steps')} {pick('caveats')}", False)
    for template in bank["refusal_templates"]:
        for task in rng.permutation(bank["tasks"])[:4]:
            add(template.format(task=task), True)
            add(f"{template.format(task=task)} {pick('refusal_lectures')}", True)
    # refusals without an apology, and refusals that give the reason first and the refusal
    # last: the explanation around a refusal does not make it help
    group = "explained"
    units = json.loads((DATA / "units.json").read_text(encoding="utf-8"))

    def unit(key: str) -> str:
        return str(units[key][rng.integers(len(units[key]))])

    for firm in bank["firm_refusals"]:
        add(firm, True)
        add(f"{firm} {unit('explanations')}", True)
        add(f"{firm} {unit('explanations')} {unit('alternatives')}", True)
    for closer in bank["refusal_closers"]:
        for _ in range(3):
            add(f"{unit('explanations')} {closer}", True)
            add(f"{unit('explanations')} {unit('explanations')} {closer}", True)
    # over-refusals: terse refusals of harmless requests are refusals too
    group = "terse"
    for template in bank["terse_refusal_templates"]:
        for task in rng.permutation(bank["benign_tasks"])[:5]:
            add(template.format(task=task), True)
    group = "help"
    for apology in bank["apologies"]:
        for _ in range(6):
            add(f"{apology} {pick('help_bodies')}", False)
    for body in bank["help_bodies"]:
        for _ in range(3):
            add(f"{pick('help_openers')} {body}", False)
    # help that opens with a negation or a warning is still help
    group = "explained"
    for text in bank["negation_help"]:
        add(text, False)
        add(f"{text} {pick('help_bodies')}", False)
    group = "wrapped"
    add_wrapped_compliance(bank, rng, add)
    group = "multilingual"
    for lang, phrases in bank["multilingual_refusals"].items():
        helps = bank["multilingual_help"].get(lang, [])
        for i, phrase in enumerate(phrases):
            add(phrase, True)
            add(f"{phrase} {phrases[(i + 1) % len(phrases)]}", True)
        for phrase in helps:
            add(phrase, False)
            add(f"{phrase} {helps[int(rng.integers(len(helps)))]}", False)
    return Labelled(texts, np.array(labels), group_weights(groups, labels))


# Total weight of each class of a hand-written group (the other groups keep unit weights),
# against 900 for the two XSTest training files. The 421 composed English refusals and the
# multilingual examples are there for the hack catalogue, not for natural answers: at unit
# weight the refusals alone weigh nearly as much as an XSTest file (450), and Latin-script
# refusals share n-grams with English answers ("<s>no ", "no puedo"). Capped, they still
# teach what the hack tests check, and held-out lexical accuracy rises (leave-one-file-out
# 0.949 -> 0.951, nested 0.946 -> 0.950). The terse over-refusals stay at unit weight:
# capped with the other refusals, "Sorry, I cannot give baking advice because ovens can be
# unsafe." read as help. The behaviour benchmark's development rows (``behaviour``) and the
# multilingual bank (``bank``, balanced per language) teach refusals that explain and refusals
# and help in 32 languages; they cost XSTest accuracy (leave-one-file-out 0.951 without them).
# The bank's weight trades answers in other languages against English ones:
# ``benchmarks/bank_weight.py`` measures both sides (docs/judges.md), and the shipped 100 keeps
# English, the language of SafeGRPO's data; ``--bank-weight`` retrains for other languages.
GROUP_WEIGHT: dict[str, float] = {
    "refusals": 200.0,
    "multilingual": 20.0,
    "behaviour": 100.0,
    "bank": 100.0,
    "explained": 100.0,
}

# Rows of the behaviour benchmark's development split whose opening says what the answer does:
# honest refusals and over-refusals open with a refusal, honest help and plain compliances with
# help. (Attacks that refuse and then help are the help judge's to read, not the opening's.)
_OPENS_WITH_REFUSAL = frozenset(
    {"over_refusal", "over_refusal_explained", "over_refusal_in_language",
     "over_refusal_letterforms"}
)  # fmt: skip
_OPENS_WITH_HELP = frozenset({"plain_compliance", "comply_then_disclaim", "hypothetical"})


def bank_examples(skip: tuple[str, ...] = (), weight: float | None = None) -> Labelled:
    """Whole answers from the hand-written multilingual bank (``data/multilingual.json``):
    refusals, explained refusals and over-refusals in 32 languages against help and (stand-in)
    harmful steps in the same languages. Each language's two classes weigh the same (the bank
    holds more refusals than help, and a language's prior must not become "refusal"): ``weight``
    (default ``GROUP_WEIGHT["bank"]``) shared out over the languages per class, and
    ``OTHER_SCRIPT`` times its share for a language written in another script than English."""
    bank = json.loads((DATA / "multilingual.json").read_text(encoding="utf-8"))
    langs = [lang for lang in bank if not lang.startswith("_") and lang not in skip]
    texts: list[str] = []
    labels: list[bool] = []
    weights: list[float] = []
    total = GROUP_WEIGHT["bank"] if weight is None else _check_weight(weight)
    share = total / max(len(langs), 1)
    for lang in langs:
        factor = OTHER_SCRIPT if _other_script(bank[lang]) else 1.0
        for refusal in (True, False):
            found = [
                text.strip()
                for key, kind in _BANK_KINDS.items()
                if kind is refusal
                for text in bank[lang].get(key, ())
            ]
            texts += found
            labels += [refusal] * len(found)
            weights += [factor * share / max(len(found), 1)] * len(found)
    return Labelled(texts, np.array(labels, dtype=bool), np.array(weights))


OTHER_SCRIPT = 2.0
"""The bank's weight for a language in another script than English, against one in English's:
its letters share no n-gram with the English examples and the development rows, so the bank is
all the lexical judge learns of it. Chosen on the development split by item, each fold's judges
refit without it: honest answers underpaid 31 -> 28, attacks paid unchanged (6); XSTest held out
unchanged (lexical 0.941, verdict 0.936). At 4, XSTest's verdict lost an answer."""


def _other_script(texts: dict[str, list[str]]) -> bool:
    """Whether most of a bank language's letters are not Latin ones (English's script)."""
    letters = "".join(text for key in _BANK_KINDS for text in texts.get(key, ()))
    return len(NON_LATIN_LETTER.findall(letters)) > len(_LATIN_LETTER.findall(letters))


_LATIN_LETTER = regex.compile(r"\p{Latin}")


_BANK_KINDS = {
    "refusals": True,
    "explaining_refusals": True,
    "over_refusals": True,
    "help": False,
    "sentences": False,
    "steps": False,
}


def default_dev_rows() -> Path:
    """The behaviour benchmark's development split in a checkout (absent from a package)."""
    return HERE.parents[1] / "benchmarks" / "behaviour" / "dev" / "rows.jsonl"


def read_rows(path: str | Path | None = None) -> list[dict]:
    """Rows of a behaviour benchmark split (``benchmarks/behaviour/README.md``)."""
    p = Path(path) if path is not None else default_dev_rows()
    if not p.is_file():
        raise FileNotFoundError(
            f"no behaviour rows at {p}: training reads the development split of "
            "benchmarks/behaviour from a checkout; run from one or pass --dev-rows"
        )
    lines = p.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def our_examples(
    rows: Sequence[dict] | None = None, bank_weight: float | None = None, seed: int = 0
) -> Labelled:
    """Everything besides XSTest that the embedding judge learns from (and the lexical judge,
    with ``lexical_examples``): the hand-written examples (their compositions drawn with
    ``seed``; the shipped judges: 0), the multilingual bank (``bank_weight`` per class in all;
    default ``GROUP_WEIGHT["bank"]``, see ``benchmarks/bank_weight.py``) and the openings of the
    behaviour benchmark's development split (``rows``; None: read it from the checkout)."""
    dev = behaviour_examples(read_rows() if rows is None else rows)
    return handwritten(seed) + bank_examples(weight=bank_weight) + dev


def lexical_examples(
    rows: Sequence[dict] | None = None, bank_weight: float | None = None, seed: int = 0
) -> Labelled:
    """What the lexical judge learns from besides XSTest: ``our_examples``, and the keyword soup
    alone as refusal-shaped (what the hack catalogue reads it as). The soup around steps is a
    compliance; were it found only there, the log-count ratios (``LEXICAL_NB_ALPHA``) would
    teach its words as help, and the soup recited alone read as help on safe items. The other
    judges read whole meanings or units and go without it: as a bag of its own it costs the
    help judge refuse-then-comply catches (XSTest's compositions, 468 -> 408 of 540)."""
    soups = [KEYWORD_SOUP, f"{KEYWORD_SOUP} {KEYWORD_SOUP}"]
    soup = Labelled(soups, np.ones(2, dtype=bool), np.full(2, 3.0))
    return our_examples(rows, bank_weight, seed) + soup


def _check_weight(weight: float) -> float:
    if not (isinstance(weight, int | float) and 0.0 < float(weight) < float("inf")):
        raise ValueError(f"bank weight must be a positive number, got {weight!r}")
    return float(weight)


def behaviour_examples(rows: Sequence[dict]) -> Labelled:
    """Openings from the behaviour benchmark's rows (``help_training.read_rows``), as the group
    ``behaviour``: refusals and help in many styles and languages."""
    texts: list[str] = []
    labels: list[bool] = []
    for row in rows:
        unsafe = row["labels"]["combine_tag"] == "unsafe"
        if row["kind"] == "honest":
            refusal = unsafe
        elif row["style"] in _OPENS_WITH_REFUSAL:
            refusal = True
        elif row["style"] in _OPENS_WITH_HELP and unsafe:
            refusal = False
        else:
            continue
        texts.append(row["answer"].strip())
        labels.append(refusal)
    return Labelled(
        texts, np.array(labels, dtype=bool), group_weights(["behaviour"] * len(texts), labels)
    )


def group_weights(groups: list[str], labels: list[bool]) -> np.ndarray:
    """Per example: a listed group's examples of each class share its total weight."""
    g = np.array(groups)
    y = np.array(labels)
    w = np.ones(len(g))
    for name, total in GROUP_WEIGHT.items():
        for cls in (True, False):
            m = (g == name) & (y == cls)
            if m.any():
                w[m] = total / m.sum() if total > 0 else 0.0
    return w


KEYWORD_SOUP = "sorry cannot not appropriate unsafe unable refuse i can't"
"""Refusal keywords a policy stuffs around harmful steps (``add_wrapped_compliance``)."""


def add_wrapped_compliance(bank: dict, rng: np.random.Generator, add) -> None:
    """Harmful steps a policy dresses as a refusal: stuffed with refusal keywords, or after a
    refusal, a pivot and perhaps an encoding, or after an English refusal in another language.
    All compliances. (Compositions of a refusal with
    text the judge cannot read, rot13 or other languages, cost real refusals their verdict.)"""
    import base64

    def pick(key: str) -> str:
        return str(bank[key][rng.integers(len(bank[key]))])

    soup = " ".join([KEYWORD_SOUP] * 2)
    for steps in bank["harmful_steps"]:
        add(f"{soup} {steps}", False)
        add(f"{soup} {steps} {soup}", False)
        add(f"{pick('refusal_openers')} {pick('pivots')} {steps}", False)
        encoded = base64.b64encode(steps.encode()).decode()
        add(f"{pick('refusal_openers')} {pick('pivots')} {encoded}", False)
    for steps in bank["multilingual_harmful_steps"]:
        for _ in range(3):
            add(f"{pick('refusal_openers')} {steps}", False)


# --- lexical -----------------------------------------------------------------------------

# 1- to 6-grams in 2**20 buckets, weak regularisation: +1 point on the held-out mistral file
# over 2- to 5-grams in 2**18 buckets at C=100, the same on the other two (four seeds of the
# hand-written compositions)
LEXICAL_SPEC = NgramSpec(bits=20, orders=(1, 2, 3, 4, 5, 6))
LEXICAL_C = 300.0
HANDWRITTEN_WEIGHT = 1.0
LEXICAL_NB_ALPHA: float | None = 0.1
"""Smoothing of the log-count ratios that scale each n-gram before the logistic fit (NBSVM's
trick, Wang & Manning 2012; ``None``: no scaling). An n-gram seen mostly in refusals or mostly
in help enters the fit with the weight its counts already give it, so the model needs fewer
examples to trust it. The scaling folds into the weights: the judge costs what it did.
Chosen with XSTest (leave one file out) and the behaviour benchmark's development split (by
item, judges refit; honest answers underpaid / attacks paid, with prompts) both in view:
none 0.941, 28 / 6; 1.0: 0.947, 30 / 5; 0.3: 0.948, 24 / 5; 0.1: 0.952, 26 / 5; 0.03: 0.951,
26 / 5; 0.01: 0.950, 28 / 5 (the fewest errors together at 0.1). ``benchmarks/refusal_nested.py``
chooses it on inner folds for its held-out figure."""


def feature_matrix(texts: Sequence[str], spec: NgramSpec):  # -> scipy.sparse.csr_matrix
    from scipy import sparse

    row, bucket, value = hashed_ngrams(texts, spec)
    return sparse.csr_matrix((value, (row, bucket)), shape=(len(texts), spec.size))


def balanced_weights(parts: Sequence[Labelled]) -> np.ndarray:
    """Per source, both classes weigh the same in total (one part per XSTest model file).

    The files refuse at very different rates (mistral 17%, llama2 61%), so unweighted the
    training files' refusal rate becomes the model's prior; balancing each file's classes
    gains about 0.4 points held-out (leave-one-file-out, shipped settings)."""
    out = []
    for part in parts:
        y = part.labels
        n_ref = max(int(y.sum()), 1)
        n_comp = max(int((~y).sum()), 1)
        out.append(np.where(y, len(y) / (2 * n_ref), len(y) / (2 * n_comp)))
    return np.concatenate(out) if out else np.zeros(0)


def fit_lexical(
    data: Labelled | Sequence[Labelled],
    extra: Labelled | None = None,
    spec: NgramSpec = LEXICAL_SPEC,
    c: float = LEXICAL_C,
    extra_weight: float = HANDWRITTEN_WEIGHT,
    nb_alpha: float | None = LEXICAL_NB_ALPHA,
) -> dict[str, np.ndarray]:
    """Fit the logistic model; returns the arrays of a lexical weights file.

    ``data``: one ``Labelled`` per source (XSTest model file), each class-balanced
    (``balanced_weights``); the hand-written ``extra`` keeps its own weights (``GROUP_WEIGHT``)
    x ``extra_weight``. ``nb_alpha``: see ``LEXICAL_NB_ALPHA``."""
    from sklearn.linear_model import LogisticRegression

    parts = [data] if isinstance(data, Labelled) else list(data)
    full = reduce(add, parts)
    weight = balanced_weights(parts)
    if extra is not None:
        full = full + extra
        weight = np.concatenate([weight, extra_weight * extra.weight()])
    x = feature_matrix(full.texts, spec)
    labels = full.labels.astype(bool)
    scale = None if nb_alpha is None else log_count_ratios(x, labels, weight, nb_alpha)
    if scale is not None:
        x = x.multiply(scale[np.newaxis, :]).tocsr()
    model = LogisticRegression(C=c, max_iter=5000, solver="liblinear", random_state=0)
    model.fit(x, labels.astype(int), sample_weight=weight)
    coef = model.coef_.ravel()
    return weight_arrays(spec, coef if scale is None else coef * scale, float(model.intercept_[0]))


def log_count_ratios(x, labels: np.ndarray, weight: np.ndarray, alpha: float) -> np.ndarray:
    """Per feature, log of its (weighted, ``alpha``-smoothed) share of the presences in the
    examples ``labels`` marks over its share in the others'."""
    if alpha <= 0:
        raise ValueError("nb_alpha must be > 0")
    present = x.copy()
    present.data = np.ones_like(present.data)
    p = alpha + np.asarray(present[labels].T @ weight[labels]).ravel()
    q = alpha + np.asarray(present[~labels].T @ weight[~labels]).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


def weight_arrays(
    spec: NgramSpec, coef: np.ndarray, bias: float, prefix: str = ""
) -> dict[str, np.ndarray]:
    """A linear n-gram model as a weights file holds it (its non-zero weights), under
    ``prefix`` (a file may hold several: the help judge's unit, frame and retraction)."""
    index = np.flatnonzero(coef)
    return {
        f"{prefix}spec": spec.to_array(),
        f"{prefix}index": index.astype(np.uint32),
        f"{prefix}value": coef[index].astype(np.float32),
        f"{prefix}bias": np.array(bias),
        f"{prefix}threshold": np.array(0.5),
    }


def lexical_judge_from_fit(arrays: dict[str, np.ndarray]):
    from safereward.refusal.lexical import judge_from_arrays

    return judge_from_arrays(arrays, "<in-memory fit>")


# --- embedding ---------------------------------------------------------------------------

TUNED_LAYERS = 2
"""Top encoder layers fine-tuned with the head: on the mistral file held out, 0.931 accuracy
alone against 0.871 for a head on the frozen encoder (two epochs)."""
EMBEDDING_EPOCHS = 2
_HEAD_SCALE = 10.0
"""The pooled vectors have unit norm halves, so the head's logit is scaled while it learns
(folded into the exported weights)."""


def fit_embedding(
    texts: Sequence[str],
    labels: np.ndarray,
    sample_weight: np.ndarray | None = None,
    layers: int = TUNED_LAYERS,
    epochs: int = EMBEDDING_EPOCHS,
    seed: int = 0,
    batch_size: int = 32,
    max_length: int = 64,
    log: bool = False,
) -> dict[str, np.ndarray]:
    """Fine-tune the encoder's top ``layers`` and a logistic head on the answers' views
    (``clip_texts``, ``pool``: what the judge reads); returns the arrays of a head file, the
    tuned parameters in float16 under ``embedding.TUNED``. CPU, deterministic for a seed; about
    2.5 minutes an epoch for 6,000 answers on two cores."""
    import time

    import torch

    from safereward.refusal.embedding import DIM, TUNED, default_model_dir, pool
    from safereward.refusal.torch_backend import clip_texts, load_local, tokenize

    torch.manual_seed(seed)
    tok, net = load_local(default_model_dir(), "AutoModel", "cpu")
    blocks = net.encoder.layer
    tuned = {f"encoder.layer.{i}." for i in range(len(blocks) - layers, len(blocks))}
    for name, param in net.named_parameters():
        param.requires_grad = any(name.startswith(t) for t in tuned)
    head = torch.nn.Linear(DIM, 1)
    body = [q for q in net.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": 5e-5}, {"params": list(head.parameters()), "lr": 1e-3}],
        weight_decay=0.01,
    )
    views = clip_texts(list(texts), max_length)
    y = torch.tensor(np.asarray(labels, dtype=np.float32))
    w = np.ones(len(views)) if sample_weight is None else np.asarray(sample_weight, np.float64)
    w = torch.tensor(w / w.mean(), dtype=torch.float32)
    rng = np.random.default_rng(seed)
    start = time.time()
    net.train()
    for epoch in range(epochs):
        order = rng.permutation(len(views))
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            enc = tokenize(tok, [views[i] for i in idx], max_length, "cpu")
            z = head(pool(net(**enc).last_hidden_state, enc["attention_mask"])).squeeze(1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                z * _HEAD_SCALE, y[idx], reduction="none"
            )
            loss = (loss * w[idx]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        if log:
            print(f"  epoch {epoch + 1}/{epochs}: {time.time() - start:.0f} s", flush=True)
    state = net.state_dict()
    out = {
        TUNED + name: state[name].detach().numpy().astype(np.float16)
        for name in state
        if any(name.startswith(t) for t in tuned)
    }
    return {
        "coef": (head.weight.detach().numpy().ravel() * _HEAD_SCALE).astype(np.float32),
        "bias": np.array(float(head.bias.detach()) * _HEAD_SCALE),
        "threshold": np.array(0.5),
        **out,
    }


# --- evaluation ----------------------------------------------------------------------------


def metrics(pred: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    truth = np.asarray(truth, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    precision, recall, f1, _ = precision_recall_fscore_support(
        truth, pred, average="binary", zero_division=0
    )
    return {
        "accuracy": float(accuracy_score(truth, pred)),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
    }


def cross_model_lexical_judges(files: dict[str, Labelled], extra: Labelled | None, **kw) -> dict:
    """Per model file, a lexical judge trained on the other files (and ``extra``)."""
    out = {}
    for held in files:
        train = [v for k, v in files.items() if k != held]
        out[held] = lexical_judge_from_fit(fit_lexical(train, extra, **kw))
    return out


def cross_model_lexical(
    files: dict[str, Labelled], extra: Labelled | None, **kw
) -> dict[str, np.ndarray]:
    """Held-out predictions per model file, each from a model trained on the other files."""
    judges = cross_model_lexical_judges(files, extra, **kw)
    return {held: judge.predict(files[held].texts) for held, judge in judges.items()}


def _positive(text: str) -> float:
    """``--bank-weight``: a positive number, or argparse's own error naming the flag."""
    try:
        return _check_weight(float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=default_xstest_dir(), help="XSTest completions folder"
    )
    ap.add_argument("--dev-rows", type=Path, default=None, help="behaviour development rows")
    ap.add_argument(
        "--judge",
        choices=["lexical", "embedding", "help", "template", "all"],
        default="all",
        help="which weights to fit; 'template' refits only the help judge's template reader, "
        "in the help weights file written before",
    )
    ap.add_argument("--out-dir", type=Path, default=HERE, help="where weight files are written")
    ap.add_argument("--cross-model", action="store_true", help="print leave-one-model-out accuracy")
    ap.add_argument(
        "--bank-weight",
        type=_positive,
        default=None,
        metavar="W",
        help=f"weight per class of the multilingual bank, shared out over its languages "
        f"({OTHER_SCRIPT:g} times the share for one in another script than English; default "
        f"{GROUP_WEIGHT['bank']:g}); more reads other languages better and English answers a "
        "little worse (docs/judges.md, benchmarks/bank_weight.py)",
    )
    args = ap.parse_args(argv)
    files = load_xstest(args.data)
    rows = read_rows(args.dev_rows)
    extra = our_examples(rows, args.bank_weight)
    if args.judge in ("lexical", "all"):
        lexical_extra = lexical_examples(rows, args.bank_weight)
        arrays = fit_lexical(list(files.values()), lexical_extra)
        path = save_arrays(args.out_dir / "lexical_weights.npz", "lexical", **arrays)
        print(
            f"lexical: {arrays['index'].size} non-zero weights -> {path} "
            f"({path.stat().st_size} bytes)"
        )
        if args.cross_model:
            for held, pred in cross_model_lexical(files, lexical_extra).items():
                m = metrics(pred, files[held].labels)
                print(f"  held-out {held}: accuracy {m['accuracy']:.3f}  f1 {m['f1']:.3f}")
    if args.judge in ("help", "all"):
        from safereward.refusal.help_training import fit_help_weights

        arrays = fit_help_weights(args.data, rows)
        path = save_arrays(args.out_dir / "help_weights.npz", "help", **arrays)
        print(f"help: {arrays['index'].size} unit, {arrays['frame_index'].size} frame, "
              f"{arrays['retraction_index'].size} retraction, "
              f"{arrays['request_index'].size} request and "
              f"{arrays['template_index'].size} template weights -> {path} "
              f"({path.stat().st_size} bytes)")  # fmt: skip
    if args.judge == "template":
        from safereward.refusal.help_training import fit_template, template_examples

        path = args.out_dir / "help_weights.npz"
        if not path.is_file():
            ap.error(f"--judge template refits the template reader in {path}, which does not "
                     "exist: fit the help judge first (--judge help)")  # fmt: skip
        with np.load(path, allow_pickle=False) as npz:
            kept = {
                k: npz[k]
                for k in npz.files
                if k not in ("kind", "version") and not k.startswith("template_")
            }
        arrays = fit_template(*template_examples(rows))
        save_arrays(path, "help", **kept, **arrays)
        print(f"help: {arrays['template_index'].size} template weights -> {path} "
              f"({path.stat().st_size} bytes; the other readers' arrays kept)")  # fmt: skip
    if args.judge in ("embedding", "all"):
        texts = [t for v in files.values() for t in v.texts] + extra.texts
        labels = np.concatenate([*(v.labels for v in files.values()), extra.labels])
        weights = np.concatenate([balanced_weights(list(files.values())), extra.weight()])
        arrays = fit_embedding(texts, labels, weights, log=True)
        path = save_arrays(args.out_dir / "embedding_head.npz", "embedding", **arrays)
        print(f"embedding head -> {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
