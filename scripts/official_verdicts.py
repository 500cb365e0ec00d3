#!/usr/bin/env python3
"""The official Spider verdicts, item by item, for EvalStream's `official` mode to be checked against.

Runs test-suite-sql-eval's own evaluation.evaluate() (etype exec, its default flags: no
--plug_value, no --keep_distinct) on a predictions file and records the verdict that its
eval_exec_match returns for each item. Items whose database is missing are left out (the tool
would create an empty database file for them and stop).

    python3 scripts/official_verdicts.py --tool PATH/test-suite-sql-eval --data DATA \
        --predictions FILE --out verdicts.jsonl            # {"index": i, "official": 0 or 1}
    python3 scripts/official_verdicts.py --tool ... --data ... --corpus OUT.jsonl
        # builds the mutation corpus of custom_metrics' OfficialVerdictsTest and records its verdicts
    python3 scripts/official_verdicts.py --tool ... --data ... --cross-corpus OUT.jsonl --files 4
        # the same for its second corpus: each item predicted by another item's gold SQL

The tool opens each database read-write and runs whatever a prediction says (a DROP TABLE is
committed), so it runs on a copy of spider/database made in a temporary folder, never on DATA.

Needs: sqlparse, tqdm, nltk (versions in scripts/requirements.txt). nltk's punkt data is not
needed: the tool only uses word_tokenize to compute hardness, so it is replaced by the Treebank
tokenizer, which changes no execution verdict.
"""
import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile


def load_tool(tool_dir):
    sys.path.insert(0, tool_dir)
    from nltk.tokenize import TreebankWordTokenizer
    import process_sql
    process_sql.word_tokenize = TreebankWordTokenizer().tokenize
    import evaluation
    return evaluation


def official_verdicts(evaluation, data, indexed_predictions):
    """indexed_predictions: [(dev index, prediction line)] for items whose database exists."""
    gold_lines = open(os.path.join(data, 'spider', 'dev_gold.sql'), encoding='utf-8').read().splitlines()
    verdicts = []
    original = evaluation.eval_exec_match

    def recording(**kwargs):
        verdict = original(**kwargs)
        verdicts.append(verdict)
        return verdict

    evaluation.eval_exec_match = recording
    with tempfile.TemporaryDirectory() as tmp:
        databases = os.path.join(tmp, 'database')
        shutil.copytree(os.path.join(data, 'spider', 'database'), databases)
        gold_file = os.path.join(tmp, 'gold.sql')
        pred_file = os.path.join(tmp, 'pred.sql')
        with open(gold_file, 'w', encoding='utf-8') as g, open(pred_file, 'w', encoding='utf-8') as p:
            for index, prediction in indexed_predictions:
                g.write(gold_lines[index] + '\n')
                p.write(prediction + '\n')
        with contextlib.redirect_stdout(io.StringIO()):
            evaluation.evaluate(gold_file, pred_file, databases, 'exec', None,
                                False, False, False)
    evaluation.eval_exec_match = original
    if len(verdicts) != len(indexed_predictions):
        raise SystemExit('the tool scored %d of %d items' % (len(verdicts), len(indexed_predictions)))
    return [(index, int(v)) for (index, _), v in zip(indexed_predictions, verdicts)]


def scorable(data):
    dev = json.load(open(os.path.join(data, 'spider', 'dev.json'), encoding='utf-8'))
    return [(i, item) for i, item in enumerate(dev)
            if os.path.isfile(os.path.join(data, 'spider', 'database', item['db_id'], item['db_id'] + '.sqlite'))]


def select_list_reversed(g):
    m = re.match(r'(?is)^(select\s+(?:distinct\s+)?)(.*?)(\s+from\s.*)$', g)
    if not m:
        return None
    parts, depth, cur = [], 0, ''
    for ch in m.group(2):
        depth += ch == '('
        depth -= ch == ')'
        if ch == ',' and depth == 0:
            parts.append(cur.strip())
            cur = ''
        else:
            cur += ch
    parts.append(cur.strip())
    if len(parts) < 2:
        return None
    return m.group(1) + ', '.join(reversed(parts)) + m.group(3)


# Each mutation exercises one transformation of the official tool (or none); None means "not applicable".
MUTATIONS = [
    ('identity', lambda g: g),
    ('drop_distinct', lambda g: re.sub(r'(?i)\bdistinct\s+', '', g) if re.search(r'(?i)\bdistinct\b', g) else None),
    ('add_distinct', lambda g: re.sub(r'(?i)^select\s+(?!distinct)', 'SELECT DISTINCT ', g)),
    ('lower_case', lambda g: g.lower()),
    ('spaced_operators', lambda g: g.replace('>=', '> =').replace('<=', '< =').replace('!=', '! =')),
    ('second_statement', lambda g: g.rstrip(';') + '; SELECT 1'),
    ('hash_comment', lambda g: g.rstrip(';') + '; # done'),
    ('dash_comment', lambda g: g.rstrip(';') + '; -- done'),
    ('float_count', lambda g: re.sub(r'(?i)count\(\*\)', 'count(*) * 1.0', g, count=1) if re.search(r'(?i)count\(\*\)', g) else None),
    ('columns_reversed', select_list_reversed),
    ('order_added', lambda g: None if re.search(r'(?i)order\s+by|limit|union|intersect|except', g) else g.rstrip(';') + ' ORDER BY 1 DESC'),
    ('rows_doubled', lambda g: None if re.search(r'(?i)order\s+by|limit|union|intersect|except', g) else g.rstrip(';') + ' UNION ALL ' + g.rstrip(';')),
    ('tab_inside', lambda g: g.replace(' ', '\t', 2) if g.count(' ') > 2 else None),
    ('value_literal', lambda g: re.sub(r"'[^']*'", "'value'", g, count=1) if "'" in g else None),
    ('leading_semicolon', lambda g: ';' + g),
    ('block_comment', lambda g: '/* q */ ' + g),
    ('limit_dropped', lambda g: re.sub(r'(?i)\s+limit\s+\d+', '', g) if re.search(r'(?i)limit\s+\d', g) else None),
    ('cur_year', lambda g: re.sub(r'\b(19|20)\d\d\b', 'YEAR(CURDATE())', g, count=1) if re.search(r'\b(19|20)\d\d\b', g) else None),
    ('begin_alias', lambda g: 'SELECT * FROM (' + g.rstrip(';') + ') AS begin; SELECT 1'),
    ('first_column_real', lambda g: re.sub(r'(?i)^select\s+(?!distinct)', 'SELECT 1.0 * ', g, count=1) if re.match(r'(?i)^select\s+(count|sum|max|min)\(', g) else None),
    ('double_quoted_literal', lambda g: re.sub(r"'([^'\"]*)'", r'"\1"', g) if "'" in g else None),
    ('backslash_quote', lambda g: re.sub(r"'([^']*)'", r"'\1\\' OR 1 = 0 --'", g, count=1) if "'" in g else None),
    ('distinct_column_word', lambda g: re.sub(r'(?i)^select\s+', 'SELECT distinct(', g, count=1).replace(' FROM ', ') FROM ', 1)
        if re.match(r'(?i)^select\s+\w+\s+from\s', g) else None),
]


def corpus(data, files, seed):
    rng = random.Random(seed)
    rows = []
    for k in range(files):
        for index, item in scorable(data):
            gold = item['query'].strip()
            order = list(range(len(MUTATIONS)))
            rng.shuffle(order)
            for m in order:
                name, mutate = MUTATIONS[m]
                predicted = mutate(gold)
                if predicted is not None and '\n' not in predicted and predicted.strip():
                    rows.append({'file': k, 'index': index, 'db_id': item['db_id'], 'mutation': name, 'prediction': predicted})
                    break
    return rows


def cross_corpus(data, files, seed):
    """Predictions that read like a real system's: the gold SQL of another item on the same database.
    File 0 takes the item's paraphrase (Spider dev lists its questions in pairs, often with gold SQL
    written differently: other column order, aliases, joins); the others a random item of the database."""
    rng = random.Random(seed)
    items = scorable(data)
    by_db = {}
    for index, item in items:
        by_db.setdefault(item['db_id'], []).append(index)
    dev = dict(items)
    rows = []
    for k in range(files):
        for index, item in items:
            if k == 0:
                other = index + 1 if index % 2 == 0 else index - 1
                other = other if other in dev and dev[other]['db_id'] == item['db_id'] else index
            else:
                other = rng.choice(by_db[item['db_id']])
            rows.append({'file': k, 'index': index, 'db_id': item['db_id'],
                         'mutation': 'paraphrase_gold' if k == 0 else 'other_item_gold',
                         'prediction': ' '.join(dev[other]['query'].split())})
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--tool', required=True, help='a checkout of taoyds/test-suite-sql-eval')
    ap.add_argument('--data', required=True, help='the data folder holding spider/')
    ap.add_argument('--predictions', help='one prediction per line, aligned with dev.json')
    ap.add_argument('--corpus', help='write the mutation corpus with its official verdicts to this JSONL file')
    ap.add_argument('--cross-corpus', help='write the corpus of other items\' gold SQL with its official verdicts to this JSONL file')
    ap.add_argument('--files', type=int, default=3, help='corpus: how many predictions per item')
    ap.add_argument('--seed', type=int, default=8)
    ap.add_argument('--out', help='verdicts JSONL (default: stdout)')
    args = ap.parse_args()
    evaluation = load_tool(os.path.abspath(args.tool))
    if args.corpus or args.cross_corpus:
        rows = corpus(args.data, args.files, args.seed) if args.corpus else cross_corpus(args.data, args.files, args.seed)
        for k in range(args.files):
            mine = [r for r in rows if r['file'] == k]
            for r, (_, v) in zip(mine, official_verdicts(evaluation, args.data, [(r['index'], r['prediction']) for r in mine])):
                r['official'] = v
        with open(args.corpus or args.cross_corpus, 'w', encoding='utf-8') as out:
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False) + '\n')
        print('%d predictions, %d correct by the official tool' % (len(rows), sum(r['official'] for r in rows)))
        return
    lines = open(args.predictions, encoding='utf-8').read().split('\n')
    wanted = [(i, lines[i]) for i, _ in scorable(args.data)]
    out = open(args.out, 'w', encoding='utf-8') if args.out else sys.stdout
    for index, verdict in official_verdicts(evaluation, args.data, wanted):
        out.write(json.dumps({'index': index, 'official': verdict}) + '\n')


if __name__ == '__main__':
    main()
