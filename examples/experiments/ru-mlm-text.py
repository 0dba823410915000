# builds the Russian MLM text for issue 11 (c): training-side documents only, minus any document sharing a
# 10-word shingle with the held-out test documents (factRuEval testset, BSNLP nord_stream/ryanair)
import glob, os, re, hashlib
D = os.environ.get('BERTNER_DATA', '../shared/data')
def words(t): return re.findall(r'\w+', t.lower())
def shingles(t, n=10):
    w = words(t); return {' '.join(w[i:i+n]) for i in range(max(0, len(w)-n+1))}
def bsnlp(p):
    lines = open(p, encoding='utf-8').read().split('\n')
    return '\n'.join(lines[4:])
test = set()
for p in glob.glob(D+'/factRuEval-2016/testset/*.txt'): test |= shingles(open(p, encoding='utf-8').read())
for topic in ('nord_stream', 'ryanair'):
    for p in glob.glob(D+f'/bsnlp2019/{topic}/raw/*/*'): test |= shingles(bsnlp(p))
src = []
src += [(p, open(p, encoding='utf-8').read()) for p in sorted(glob.glob(D+'/factRuEval-2016/devset/*.txt'))]
for topic in ('asia_bibi', 'brexit'):
    src += [(p, bsnlp(p)) for p in sorted(glob.glob(D+f'/bsnlp2019/{topic}/raw/ru/*'))]
for split in ('train', 'dev', 'test'):
    src += [(p, open(p, encoding='utf-8').read()) for p in sorted(glob.glob(D+f'/nerel/NEREL-v1.1/{split}/*.txt'))]
for part in ('train_part_1', 'train_part_2', 'train_part_3', 'test_ner_only'):
    src += [(p, open(p, encoding='utf-8').read()) for p in sorted(glob.glob(D+f'/rurebus/{part}/*.txt'))]
out = 'target/ru-mlm/text'; os.makedirs(out, exist_ok=True)
kept = dropped = nwords = 0; seen = set()
for p, t in src:
    h = hashlib.sha1(t.strip().encode()).hexdigest()
    if h in seen: dropped += 1; continue
    seen.add(h)
    if shingles(t) & test: dropped += 1; print('overlap', p); continue
    rel = p[len(D)+1:].replace('/', '__')
    if not rel.endswith('.txt'): rel += '.txt'
    open(os.path.join(out, rel), 'w', encoding='utf-8').write(t)
    kept += 1; nwords += len(t.split())
print('kept', kept, 'dropped', dropped, 'whitespace words', nwords)
