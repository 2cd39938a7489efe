# Independent reference numbers for SharpPrune's tests, computed with Hugging Face
# `transformers` / `tokenizers` / `sentencepiece` (run on the device machine, which has them).
#
#   python3 tests/reference/make_reference.py <stories260K dir> <brown_text.txt> <brown3.jsonl> <out dir>
#
# Writes, under <out dir>:
#   stories260K.json            greedy ids from BOS, logits checksum inputs, perplexities
#   stories260K_logits.safetensors  full float64 logits on a fixed id sequence
#   tokenizers/<name>/tokenizer.json + ids.json   tokenizer reference ids
#   models/<name>/...           tiny random models (HF layout) + reference.safetensors
#                               (input_ids I64 and float64 logits)
import json, math, os, shutil, sys

import torch
import transformers
from safetensors.torch import save_file

torch.set_grad_enabled(False)
stories, brown_txt, brown3, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
print("transformers", transformers.__version__, "torch", torch.__version__)

TEXTS = [
    "Once upon a time, there was a little girl named Lily.",
    "Hello   world\t\ttabs\nnew line  ",
    "Numbers 1234567890 and 3.14159, 2,048 tokens.",
    "Café naïve résumé — “quotes” ½ 東京 🙂 Ωmega",
    "  leading spaces and trailing   ",
    "A",
    "",
    "The patient's HbA1c was 7.5% (n=128); p<0.05.",
]

# ---- stories260K ---------------------------------------------------------------
from transformers import AutoModelForCausalLM, AutoTokenizer

model = AutoModelForCausalLM.from_pretrained(stories, dtype=torch.float64)
model.eval()
tok = AutoTokenizer.from_pretrained(stories)
res = {"transformers": transformers.__version__}
gen = model.generate(torch.tensor([[1]]), max_new_tokens=255, do_sample=False, eos_token_id=None,
                     pad_token_id=0)
res["greedy_ids_from_bos"] = gen[0, 1:].tolist()
res["greedy_text"] = tok.decode(gen[0, 1:])

ids = tok(TEXTS[0] + " " + TEXTS[2])["input_ids"]
logits = model(torch.tensor([ids])).logits[0]
save_file({"input_ids": torch.tensor(ids, dtype=torch.int64), "logits": logits.contiguous()},
          os.path.join(out, "stories260K_logits.safetensors"))

res["hf_tokenizer_ids"] = {t: tok(t)["input_ids"] for t in TEXTS}
import sentencepiece as spm
sp = spm.SentencePieceProcessor(model_file=os.path.join(stories, "tokenizer.model"))
res["sentencepiece_ids"] = {t: sp.encode(t) for t in TEXTS}


def ppl(docs, L, S):
    """Strided perplexity: windows start at 0,S,2S..; each scores targets not scored before,
    never the window's first token. Documents are tokenized with BOS."""
    nll, n = 0.0, 0
    for d in docs:
        t = tok(d)["input_ids"]
        prev_end = 0
        for begin in range(0, len(t), S):
            end = min(begin + L, len(t))
            first_target = max(prev_end, begin + 1)
            if first_target < end:
                x = torch.tensor([t[begin:end]])
                lp = torch.log_softmax(model(x).logits[0], -1)
                for p in range(first_target, end):
                    nll -= lp[p - begin - 1, t[p]].item()
                    n += 1
            prev_end = end
            if end == len(t):
                break
    return {"nll": nll / n, "ppl": math.exp(nll / n), "tokens_scored": n}


docs = [json.loads(l)["text"] for l in open(brown3)]
res["ppl_brown3"] = {f"L{L}_S{S}": ppl(docs, L, S) for L, S in [(128, 128), (128, 64), (512, 512), (512, 511)]}
json.dump(res, open(os.path.join(out, "stories260K.json"), "w"), indent=1, ensure_ascii=False)
print(res["greedy_text"][:200])
print(res["ppl_brown3"])

# ---- tokenizers ----------------------------------------------------------------
from tokenizers import Tokenizer, models, pre_tokenizers, decoders, trainers, Regex
from transformers import PreTrainedTokenizerFast

corpus = open(brown_txt, encoding="utf-8").read().split("\n")
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def byte_level(name, split_regex):
    t = Tokenizer(models.BPE())
    if split_regex:
        t.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    else:
        t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    t.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=800, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    t.train_from_iterator(corpus, trainer)
    d = os.path.join(out, "tokenizers", name)
    os.makedirs(d, exist_ok=True)
    t.save(os.path.join(d, "tokenizer.json"))
    fast = PreTrainedTokenizerFast(tokenizer_file=os.path.join(d, "tokenizer.json"))
    json.dump({x: fast(x)["input_ids"] for x in TEXTS}, open(os.path.join(d, "ids.json"), "w"),
              indent=1, ensure_ascii=False)


byte_level("gpt2_bytelevel", False)
byte_level("llama3_split_bytelevel", True)

# ---- tiny random models ----------------------------------------------------------
from transformers import (LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM, GPTNeoXConfig,
                          GPTNeoXForCausalLM, GPT2Config, GPT2LMHeadModel, MistralConfig, MistralForCausalLM)

V = 96
INPUT = torch.tensor([[(7 * i * i + 3 * i + 1) % V for i in range(24)]])


def randomize(m, seed):
    g = torch.Generator().manual_seed(seed)
    for n, p in m.named_parameters():
        if p.dim() == 1 and ("norm" in n or "ln" in n) and n.endswith("weight"):
            p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
        else:
            p.copy_(0.15 * torch.randn(p.shape, generator=g))


def tiny(name, cls, make_cfg, seed, shard=None):
    try:
        _tiny(name, cls, make_cfg(), seed, shard)
    except Exception as e:  # keep going: one family's failure must not lose the others
        print("FAILED", name, repr(e))


def _tiny(name, cls, cfg, seed, shard):
    torch.manual_seed(seed)
    m = cls(cfg).to(torch.float32).eval()
    randomize(m, seed)
    d = os.path.join(out, "models", name)
    kw = {"max_shard_size": shard} if shard else {}
    m.save_pretrained(d, safe_serialization=True, **kw)
    m64 = cls.from_pretrained(d, dtype=torch.float64).eval()
    lg = m64(INPUT).logits[0]
    save_file({"input_ids": INPUT[0].clone(), "logits": lg.contiguous()}, os.path.join(d, "reference.safetensors"))
    print(name, sorted(os.listdir(d)))
    print(open(os.path.join(d, "config.json")).read())


common = dict(vocab_size=V, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
              num_attention_heads=4, max_position_embeddings=64)
tiny("llama_gqa", LlamaForCausalLM, lambda: LlamaConfig(**common, num_key_value_heads=2, tie_word_embeddings=False), 1)
tiny("llama_tied_sharded", LlamaForCausalLM, lambda: LlamaConfig(**common, num_key_value_heads=4, tie_word_embeddings=True), 2,
     shard="20KB")
tiny("llama3_rope", LlamaForCausalLM, lambda: LlamaConfig(**common, num_key_value_heads=2, tie_word_embeddings=True,
     rope_theta=500000.0, rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                          "high_freq_factor": 4.0, "original_max_position_embeddings": 16}), 3)
tiny("qwen2_bias", Qwen2ForCausalLM, lambda: Qwen2Config(**common, num_key_value_heads=2, tie_word_embeddings=True,
     rope_theta=1000000.0), 4)
tiny("mistral_gqa", MistralForCausalLM, lambda: MistralConfig(**common, num_key_value_heads=1, sliding_window=None,
     tie_word_embeddings=False), 5)
neox = dict(vocab_size=V, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            max_position_embeddings=64, rotary_pct=0.25, tie_word_embeddings=False)
tiny("neox_parallel", GPTNeoXForCausalLM, lambda: GPTNeoXConfig(**neox, use_parallel_residual=True), 6)
tiny("neox_sequential", GPTNeoXForCausalLM, lambda: GPTNeoXConfig(**neox, use_parallel_residual=False), 7)
tiny("gpt2", GPT2LMHeadModel, lambda: GPT2Config(vocab_size=V, n_embd=32, n_layer=2, n_head=4, n_positions=64), 8)
print("done")
