#!/usr/bin/env python3
"""Structure figures of a source folder (default src/app), the ones issue 9 compares before/after:
mutable statics (file-scope or function-local `static` variables that are not const/constexpr and
not functions) and function lengths (a definition starting at column 0 and ending at the next
line that is exactly "}").

    scripts/app_structure.py [DIR] [--over N] [--list]
"""
import os
import re
import sys

args = [a for a in sys.argv[1:] if not a.startswith('--')]
root = args[0] if args else 'src/app'
over = 80
if '--over' in sys.argv:
    over = int(sys.argv[sys.argv.index('--over') + 1])
show = '--list' in sys.argv

static_re = re.compile(r'^\s*static\s+(?!const\b|constexpr\b|inline\b|void\b|bool\s+\w+\s*\(|std::string\s+\w+\s*\()')
# a definition: a column-0 line with "(" (not a declaration, type or namespace) whose signature
# ends with "{" on it or within the next few lines
sig_start = re.compile(r'^(?!namespace|struct|class|enum|union|static\s+const|extern|#|typedef|using)[A-Za-z_][^;]*\(')

statics, funcs = [], []
for dirpath, _, files in os.walk(root):
    for f in sorted(files):
        if not f.endswith(('.cpp', '.h')):
            continue
        path = os.path.join(dirpath, f)
        lines = open(path, encoding='utf-8').read().split('\n')
        start = None
        for i, line in enumerate(lines):
            code = line.split('//')[0]
            if static_re.match(code) and '(' not in code.split('=')[0]:
                statics.append((path, i + 1, line.strip()))
            if start is None and sig_start.match(code):
                for j in range(i, min(i + 4, len(lines))):
                    cj = lines[j].split('//')[0].rstrip()
                    if ';' in cj:
                        break
                    if cj.endswith('{'):
                        start = i
                        head = code.split('(')[0].split()
                        name = head[-1] if head else '?'
                        break
            elif start is not None and line == '}':
                funcs.append((i - start + 1, path, start + 1, name))
                start = None

funcs.sort(reverse=True)
long_funcs = [f for f in funcs if f[0] > over]
print(f'{root}: {len(statics)} mutable statics, {len(funcs)} functions, {len(long_funcs)} over {over} lines')
print('longest: ' + ', '.join(f'{os.path.basename(p)}:{n} {l}' for l, p, _, n in funcs[:6]))
if show:
    for p, ln, t in statics:
        print(f'static {p}:{ln}: {t}')
    for l, p, ln, n in long_funcs:
        print(f'long {l:4d} {p}:{ln} {n}')
