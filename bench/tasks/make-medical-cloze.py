#!/usr/bin/env python3
"""A medical next-word task the testbed can do: for every PubMedQA abstract, a passage of up to 60 words and four
candidate next words — the word that follows in the abstract and three other words of the same abstract, so every
candidate is on topic and only the context tells them apart. Calibration examples come from the non-test abstracts,
test examples from the PubMedQA test 500 (never in the testbed's training text). Seeded, so the files are reproducible.
    python3 bench/tasks/make-medical-cloze.py ../shared/data/medical OUT_DIR   → OUT_DIR/{calibration,test}.jsonl
Use with bench/tasks/medical-cloze.json (--task-data for pruning, --data for eval)."""
import json, random, re, sys

data_dir, out_dir = sys.argv[1], sys.argv[2]
abstracts = json.load(open(f"{data_dir}/pubmedqa_ori_pqal.json"))
test_ids = set(json.load(open(f"{data_dir}/pubmedqa_test_ground_truth.json")))
word = re.compile(r"[A-Za-z]{3,}$")
rng = random.Random(0)
splits = {"calibration": [], "test": []}
for pmid in sorted(abstracts):
    words = " ".join(abstracts[pmid]["CONTEXTS"]).split()
    positions = [i for i in range(30, len(words)) if word.match(words[i])]
    vocabulary = sorted({w for w in words if word.match(w)})
    if not positions or len(vocabulary) < 4:
        continue
    at = rng.choice(positions)
    gold = words[at]
    choices = [gold] + rng.sample([w for w in vocabulary if w != gold], 3)
    rng.shuffle(choices)
    row = {"id": pmid, "context": " ".join(words[max(0, at - 60):at]), "label": choices.index(gold)}
    row.update({k: c for k, c in zip("abcd", choices)})
    splits["test" if pmid in test_ids else "calibration"].append(row)
for name, rows in splits.items():
    with open(f"{out_dir}/{name}.jsonl", "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"{name}: {len(rows)} examples", file=sys.stderr)
