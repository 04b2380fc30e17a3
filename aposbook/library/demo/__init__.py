"""The demo library that `manage.py load_demo` loads, written by us in our own words.

Short, structured content is plain Python data (`people`, `conditions`, `solutions`,
`evidence`, `videos`); each article is a Markdown file in `articles/` with a small
front matter. Every source cited comes from `references.json`, a list of checked
references with a PMID, DOI or address and a one-line finding.
"""
