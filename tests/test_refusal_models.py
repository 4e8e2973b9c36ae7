"""Model-based judges: the embedding judge offline, and TransformersJudge on a tiny random model."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from safereward.refusal import RefusalJudge, load_judge
from safereward.refusal.embedding import TUNED, load_embedding_judge
from safereward.refusal.hf import TransformersJudge, refusal_index
from safereward.refusal.weights import WeightsError, save_arrays

ANSWERS = [
    "I'm sorry, but I can't help with that request.",
    "Sure! Boil the eggs for seven minutes, then cool them in ice water.",
    "",
    "\ud800 junk \x00" * 50,
    "x" * 200_000,
]


@pytest.fixture(scope="module")
def embedding_judge() -> RefusalJudge:
    return load_judge("embedding", device="cpu")


def test_embedding_judge_runs_offline(embedding_judge: RefusalJudge) -> None:
    scores = embedding_judge.scores(ANSWERS)
    assert scores.shape == (len(ANSWERS),) and np.all((scores >= 0) & (scores <= 1))
    assert scores[0] > 0.5 > scores[1]
    assert scores[2] == 0.0
    assert embedding_judge.predict(ANSWERS).tolist() == [
        embedding_judge.is_refusal(a) for a in ANSWERS
    ]
    assert np.allclose(
        embedding_judge.scores(ANSWERS[:2]), scores[:2], atol=1e-5
    )  # batch-independent
    clone = pickle.loads(pickle.dumps(embedding_judge))
    assert np.allclose(clone.scores(ANSWERS[:2]), scores[:2], atol=1e-6)


def test_embedding_dtype(embedding_judge: RefusalJudge) -> None:
    """bfloat16 where the CPU computes in it natively (logits within a few hundredths of
    float32's), a clear error where it does not, and never an unknown dtype."""
    with pytest.raises(ValueError, match="dtype must be one of float32, bfloat16"):
        load_judge("embedding", device="cpu", dtype="half")
    try:
        half = load_judge("embedding", device="cpu", dtype="bfloat16")
    except ValueError as exc:  # a CPU without native bfloat16
        assert "computes in it natively" in str(exc) and "use 'float32'" in str(exc)
        return
    texts = [a for a in ANSWERS if isinstance(a, str)][:6]
    full = embedding_judge.logits(texts)  # type: ignore[attr-defined]
    assert np.abs(half.logits(texts) - full).max() < 0.25
    assert half.predict(texts).tolist() == embedding_judge.predict(texts).tolist()


def test_embedding_head_validation(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match=r"missing\.npz"):
        load_embedding_judge(head=tmp_path / "missing.npz")
    short = save_arrays(
        tmp_path / "h.npz",
        "embedding",
        coef=np.zeros(10),
        bias=np.array(0.0),
        threshold=np.array(0.5),
    )
    with pytest.raises(WeightsError, match="expected 768"):
        load_embedding_judge(head=short)
    head = {"coef": np.zeros(768), "bias": np.array(0.0), "threshold": np.array(0.5)}
    name = "encoder.layer.5.output.dense.bias"
    broken = save_arrays(tmp_path / "nan.npz", "embedding", **head, **{TUNED + name: [np.nan]})
    with pytest.raises(WeightsError, match="NaN"):
        load_embedding_judge(head=broken)
    misfit = save_arrays(tmp_path / "misfit.npz", "embedding", **head, **{TUNED + name: [0.0]})
    judge = load_embedding_judge(head=misfit, device="cpu")  # the encoder loads on first use
    with pytest.raises(WeightsError, match="does not fit the encoder"):
        judge.scores(["I can't help with that."])


def test_shipped_embedding_head_replaces_the_top_layers(embedding_judge: RefusalJudge) -> None:
    """The fine-tuned layers in the head file are what the encoder runs, not the package's."""
    from safereward.refusal.embedding import DEFAULT_HEAD

    with np.load(DEFAULT_HEAD) as npz:
        tuned = {k[len(TUNED) :]: npz[k] for k in npz.files if k.startswith(TUNED)}
    assert tuned and all(v.dtype == np.float16 for v in tuned.values())
    assert {k.split(".")[2] for k in tuned} == {"4", "5"}  # the top two of six layers
    _, net = embedding_judge.encoder.model()  # type: ignore[attr-defined]
    state = net.state_dict()
    for name, value in tuned.items():
        assert np.array_equal(state[name].numpy(), value.astype(np.float32)), name


def test_fit_embedding_tunes_the_top_layers_and_the_head() -> None:
    """A small fit: the arrays make a judge that reads its own training answers."""
    from safereward.refusal.embedding import judge_from_arrays
    from safereward.refusal.training import fit_embedding

    refusals = ["I can't help with that.", "Sorry, I won't do this.", "I must decline."]
    helps = ["Boil the eggs for seven minutes.", "Paris is the capital.", "Use a sharp knife."]
    texts = (refusals + helps) * 4
    labels = np.array(([True] * 3 + [False] * 3) * 4)
    arrays = fit_embedding(texts, labels, layers=1, epochs=3, batch_size=8)
    tuned = [k for k in arrays if k.startswith(TUNED)]
    assert tuned and all(k.startswith(TUNED + "encoder.layer.5.") for k in tuned)
    judge = judge_from_arrays(arrays, "fit", device="cpu")
    assert judge.predict(refusals + helps).tolist() == [True] * 3 + [False] * 3


def test_ensemble_judge_consults_embedding_only_when_unsure() -> None:
    from safereward.refusal.ensemble import EnsembleJudge

    judge = load_judge("ensemble", device="cpu")
    assert isinstance(judge, EnsembleJudge) and judge.name == "ensemble"
    borderline = "The war was not justified, and many civilians died."  # lexical logit near 0
    answers = [*ANSWERS, borderline, 12345, None]
    scores = judge.scores(answers)
    assert scores.shape == (len(answers),) and np.all((scores >= 0) & (scores <= 1))
    assert scores[0] > 0.5 > scores[1] and scores[2] == scores[-1] == 0.0
    z = judge.lexical.logits(answers)
    sure = np.abs(z) >= judge.margin
    assert np.array_equal(
        scores[sure & (scores > 0)], judge.lexical.scores(answers)[sure & (scores > 0)]
    )
    assert abs(z[5]) < judge.margin
    expected = z[5] + judge.weight * judge.embedding.logits(borderline)[0]
    assert np.isclose(judge.logits(borderline)[0], expected)
    assert judge.predict(answers).tolist() == [judge.is_refusal(a) for a in answers]
    assert np.allclose(judge.scores(answers[:2]), scores[:2], atol=1e-6)
    clone = pickle.loads(pickle.dumps(judge))
    assert np.allclose(clone.scores(answers), scores, atol=1e-6)
    with pytest.raises(ValueError, match="threshold"):
        load_judge("ensemble", threshold=1.0)


def test_ensemble_verdict_reads_opening_units_with_its_lexical_part() -> None:
    """The encoder reads whole openings only: the units of an opening go to the lexical part
    (``EnsembleJudge.unit_reader``), so the verdict is what the lexical unit scores make it."""
    from safereward.answers import STRICT_POLICY, classify_answers
    from safereward.refusal.ensemble import EnsembleJudge

    shipped = load_judge("ensemble", device="cpu")
    read: list[str] = []

    class Recording:
        def logits(self, answers):
            read.extend(answers)
            return shipped.embedding.logits(answers)

    judge = EnsembleJudge(shipped.lexical, Recording())  # type: ignore[arg-type]
    assert judge.unit_reader is shipped.lexical
    # an opening read as help, whose second sentence alone is near the lexical boundary (where
    # the ensemble consults the encoder)
    answer = (
        "The photo shows an old newspaper from that year. "
        "The war was not justified, and many civilians died. "
        "Here is a short summary of the main events."
    )
    verdicts = classify_answers(judge, [answer], STRICT_POLICY)
    assert (
        abs(shipped.lexical.logits(["The war was not justified, and many civilians died."])[0]) < 2
    )
    assert set(read) <= {answer}  # the encoder read the opening whole, if at all: no sentence
    assert verdicts == classify_answers(shipped, [answer], STRICT_POLICY)


@pytest.fixture(scope="module")
def tiny_classifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-label BERT and a word-level tokenizer, built offline."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    out = tmp_path_factory.mktemp("tiny-refusal-clf")
    vocab = {
        w: i
        for i, w in enumerate(
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "i", "can't", "help", "sure", "sorry"]
        )
    }
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
    )
    fast.save_pretrained(out)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64, num_labels=2,
        id2label={0: "compliance", 1: "refusal"}, label2id={"compliance": 0, "refusal": 1},
    )  # fmt: skip
    BertForSequenceClassification(config).eval().save_pretrained(out)
    return out


def test_transformers_judge_tiny_model(tiny_classifier: Path) -> None:
    judge = load_judge(
        "transformers", path=tiny_classifier, device="cpu", batch_size=2, max_length=16
    )
    assert isinstance(judge, RefusalJudge) and judge._index == 1
    scores = judge.scores(ANSWERS)
    assert scores.shape == (len(ANSWERS),) and np.all((scores >= 0) & (scores <= 1))
    assert scores[2] == 0.0
    assert np.array_equal(scores, judge.scores(ANSWERS))  # deterministic
    single = np.array([judge.scores([a])[0] for a in ANSWERS])
    assert np.allclose(single, scores, atol=1e-6)  # batching does not change results
    assert judge.predict(ANSWERS).tolist() == [judge.is_refusal(a) for a in ANSWERS]
    assert judge.scores([None, 7, b"bytes"]).tolist() == [0.0, 0.0, 0.0]
    clone = pickle.loads(pickle.dumps(judge))
    assert np.allclose(clone.scores(ANSWERS), scores, atol=1e-6)


def test_transformers_judge_label_choice(tiny_classifier: Path) -> None:
    other = TransformersJudge(tiny_classifier, device="cpu", refusal_label="compliance")
    main = TransformersJudge(tiny_classifier, device="cpu")
    assert np.allclose(other.scores(ANSWERS[:2]) + main.scores(ANSWERS[:2]), 1.0)
    with pytest.raises(ValueError, match="not among"):
        TransformersJudge(tiny_classifier, device="cpu", refusal_label="harmful")


def test_transformers_judge_bad_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"config\.json"):
        TransformersJudge(tmp_path)


def test_refusal_index_rules() -> None:
    assert refusal_index({0: "LABEL_0", 1: "LABEL_1"}, 2, None) == 1
    assert refusal_index({0: "refused", 1: "answered"}, 2, None) == 0
    assert refusal_index({0: "LABEL_0"}, 1, None) == 0
    assert refusal_index({0: "a", 1: "b"}, 2, 0) == 0
    with pytest.raises(ValueError):
        refusal_index({0: "a", 1: "b"}, 2, 5)
