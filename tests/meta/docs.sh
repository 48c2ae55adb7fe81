#!/bin/sh
# The docs point to things that exist: every relative link of README.md and
# docs/*.md names an existing file (and, for a link into a Markdown file
# with #anchor, an existing heading); every repository path they mention
# (src/..., scenarios/..., docs/..., tests/..., tools/..., bench/...)
# exists; every scenario they name in code (NNx-words) is a file in
# scenarios/; the
# teacher's guide names every chapter of the library; and every YAML
# example that starts with `name:` is a valid scenario whose expect steps
# hold. Run from the repository root by tests/run.sh; prints "ok NAME" or
# "FAIL NAME: why".

BUDDYVIZ=${BUDDYVIZ:-./buddyviz}
T=$(mktemp -d "${TMPDIR:-/tmp}/buddyviz-docs.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
fail() {
	echo "FAIL $1: $2"
	[ -n "$3" ] && printf '%s\n' "$3" | head -n 12 | sed 's/^/    /'
	return 0
}

if ! command -v python3 >/dev/null 2>&1; then
	ok docs_skipped_no_python3
	exit 0
fi

# One line per problem: "CHECK<TAB>FILE:LINE: what".
python3 - "$T" README.md docs/*.md >"$T/problems" <<'EOF'
import os, re, sys

out_dir = sys.argv[1]
files = sys.argv[2:]

def slug(heading):
    # GitHub's anchors: lower case, punctuation dropped (but - and _),
    # spaces to dashes.
    h = heading.strip().lower()
    h = re.sub(r'[^\w\- ]', '', h)
    return h.replace(' ', '-')

def anchors(path):
    found = set()
    fence = False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'):
            fence = not fence
        elif not fence and line.startswith('#'):
            found.add(slug(line.lstrip('#')))
    return found

link_re = re.compile(r'\]\(([^)\s]+)\)')
path_re = re.compile(r'(?<![\w./-])((?:src|scenarios|docs|tests|tools|bench)/[\w./-]*[\w/])')
scen_re = re.compile(r'(?<![\w.-])(\d\d[a-z]?-[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?![\w-])')
problems = []
examples = 0

for f in files:
    base = os.path.dirname(f)
    text = open(f, encoding='utf-8').read()
    lines = text.split('\n')
    in_yaml = False
    in_code = False
    yaml_buf = []
    yaml_line = 0
    for n, line in enumerate(lines, 1):
        # YAML examples that are whole scenarios.
        if line.startswith('```'):
            in_code = not in_code
            if in_yaml:
                if yaml_buf and yaml_buf[0].startswith('name:'):
                    examples += 1
                    name = os.path.join(out_dir, 'example-%d.yaml' % examples)
                    with open(name, 'w', encoding='utf-8') as y:
                        y.write('\n'.join(yaml_buf) + '\n')
                    print('example\t%s:%d\t%s' % (f, yaml_line, name))
                in_yaml = False
                yaml_buf = []
            elif line.strip() == '```yaml':
                in_yaml = True
                yaml_line = n
            continue
        if in_yaml:
            yaml_buf.append(line)
        # Relative links.
        for target in link_re.findall(line):
            if re.match(r'^[a-z]+:', target):
                continue
            path, _, anchor = target.partition('#')
            full = os.path.normpath(os.path.join(base, path)) if path else f
            if not os.path.exists(full):
                problems.append('link\t%s:%d: %s does not exist' % (f, n, target))
            elif anchor and full.endswith('.md') and anchor not in anchors(full):
                problems.append('link\t%s:%d: no heading for #%s in %s' % (f, n, anchor, full))
        # Repository paths (placeholders in capitals, globs and build
        # outputs are not files).
        for p in path_re.findall(line):
            if re.search(r'[A-Z*]', p.split('/')[-1]) and not os.path.exists(p):
                continue
            if re.search(r'\bNN|NAME|FILE|DIR', p):
                continue
            if not os.path.exists(p):
                problems.append('path\t%s:%d: %s does not exist' % (f, n, p))
        # Scenario names: in code (a `span`, or a line of a fenced block).
        code = line if in_code else ' '.join(re.findall(r'`([^`]*)`', line))
        for s in scen_re.findall(code):
            if not os.path.exists(os.path.join('scenarios', s + '.yaml')):
                problems.append('scenario\t%s:%d: scenario %s does not exist' % (f, n, s))

# The teacher's guide names every chapter of the library.
tg = 'docs/teachers-guide.md'
if tg in files:
    text = open(tg, encoding='utf-8').read()
    for y in sorted(os.listdir('scenarios')):
        if not y.endswith('.yaml'):
            continue
        for line in open(os.path.join('scenarios', y), encoding='utf-8'):
            m = re.match(r'^chapter:\s*"?(\d+)\.\s*(.*?)"?\s*$', line)
            if m and ('### %s. %s' % (m.group(1), m.group(2))) not in text:
                problems.append('chapter\t%s: no section "### %s. %s" for %s' % (tg, m.group(1), m.group(2), y))
            if m and y[:-5] not in text:
                problems.append('chapter\t%s: scenario %s (chapter %s) is not mentioned' % (tg, y[:-5], m.group(1)))

for p in problems:
    print(p)
EOF

for check in link path scenario chapter; do
	bad=$(grep "^$check	" "$T/problems" | cut -f2-)
	if [ -z "$bad" ]; then ok "docs_${check}s_exist"; else fail "docs_${check}s_exist" "$(echo "$bad" | wc -l) problem(s)" "$bad"; fi
done

# The scenario examples of the docs run, and their expect steps hold.
nex=0 badex=""
while IFS='	' read -r _ where file; do
	nex=$((nex + 1))
	if ! timeout 20 "$BUDDYVIZ" run "$file" >"$T/out" 2>"$T/err"; then
		badex="$badex$where: $(head -n 3 "$T/err")
"
	fi
done <<EOF2
$(grep '^example	' "$T/problems")
EOF2
if [ "$nex" -gt 0 ] && [ -z "$badex" ]; then
	ok "docs_scenario_examples_run ($nex)"
else
	fail docs_scenario_examples_run "$nex examples" "$badex"
fi
