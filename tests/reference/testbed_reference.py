# Independent reference for the committed testbed model (models/testbed), computed with Hugging Face
# `transformers` (run on the device machine, which has it): does our tokenizer.json load there and give the
# same ids, does the model load unchanged, and what are its logits and perplexities?
#
#   python3 tests/reference/testbed_reference.py models/testbed <brown3.jsonl> <pubmed.json> <out.json>
#
# Perplexity: each text tokenized without special tokens (the testbed adds no BOS), disjoint windows of 512
# tokens, each window scoring every token but its first — what `sharpprune ppl` does by default.
import json, math, sys

import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

torch.set_grad_enabled(False)
model_dir, brown3, pubmed, out = sys.argv[1:5]
model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float64).eval()
tok = AutoTokenizer.from_pretrained(model_dir)
texts = [json.loads(l)["text"] for l in open(brown3)]
records = json.load(open(pubmed))
texts += [" ".join(r["CONTEXTS"]) + " " + r["LONG_ANSWER"] for r in records.values()]
texts += ["Café naïve résumé — “quotes” ½ 東京 🙂 Ωmega", "Hello   world\t\ttabs\nnew line  ", "The patient's HbA1c was 7.5% (n=128); p<0.05."]

res = {"transformers": transformers.__version__, "texts": texts, "ids": [], "nll_sum": [], "scored": []}
for t in texts:
    ids = tok(t, add_special_tokens=True)["input_ids"]
    res["ids"].append(ids)
    nll, n = 0.0, 0
    for start in range(0, len(ids), 512):
        window = ids[start:start + 512]
        if len(window) < 2:
            continue
        logp = torch.log_softmax(model(torch.tensor([window])).logits[0], -1)
        nll -= sum(logp[i - 1, window[i]].item() for i in range(1, len(window)))
        n += len(window) - 1
    res["nll_sum"].append(nll)
    res["scored"].append(n)
# Logits of the first text's first 64 tokens: ids 0..15 and the log-sum-exp over the whole vocabulary.
logits = model(torch.tensor([res["ids"][0][:64]])).logits[0]
res["logits_head"] = logits[:, :16].tolist()
res["logsumexp"] = torch.logsumexp(logits, -1).tolist()
res["ppl_all"] = math.exp(sum(res["nll_sum"]) / sum(res["scored"]))
json.dump(res, open(out, "w"))
print("ppl over the texts", res["ppl_all"], "tokens", sum(res["scored"]))
