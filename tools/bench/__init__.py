"""Benchmark the site against stock Material, in the same run on the same machine.

    make bench                                  # about 20 minutes on 2 cores
    .venv/bin/python -m tools.bench --pages glossary/,faq/ --runs 1   # a quick look

One module per measurement, each returning frozen dataclasses (tools/bench/results.py);
cli.py runs them and report.py renders the one report. Every figure is taken for this
site and for a stock baseline (stock.py: the same Markdown built with plain Material, no
hooks, no site CSS or JavaScript, search as shipped), so a busy machine moves both.
"""
