#!/usr/bin/env python3
"""Adds UI strings to the shared resources. Reads lines from stdin: KEY<TAB>DUTCH  or  KEY<TAB>DUTCH<TAB>ENGLISH.
Short strings use their English text as key (then no English column is needed); long texts use a dotted id
and give the English text in the third column. Existing keys are replaced. Keeps both files sorted by key."""
import sys, xml.etree.ElementTree as ET
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "src/Groz.Web/Resources"

def load(path):
    tree = ET.parse(path)
    return tree, {d.get("name"): d.find("value").text or "" for d in tree.getroot().findall("data")}

def save(path, tree, entries):
    r = tree.getroot()
    for d in r.findall("data"):
        r.remove(d)
    for key in sorted(entries, key=str.lower):
        d = ET.SubElement(r, "data", {"name": key, "xml:space": "preserve"})
        ET.SubElement(d, "value").text = entries[key]
    ET.indent(tree, "  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)

nl_tree, nl = load(root / "SharedResource.nl.resx")
en_tree, en = load(root / "SharedResource.resx")
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.split("\t")
    if len(parts) < 2:
        sys.exit(f"need KEY<TAB>DUTCH[<TAB>ENGLISH]: {line!r}")
    key, dutch = parts[0], parts[1].replace("\\n", "\n")
    # Resource names are compared without case: "Whole x" and "whole x" would silently lose one.
    clash = next((k for k in nl if k.lower() == key.lower() and k != key), None)
    if clash:
        sys.exit(f"{key!r} differs only in case from the existing {clash!r}: use that key")
    nl[key] = dutch
    if len(parts) > 2:
        en[key] = parts[2].replace("\\n", "\n")
save(root / "SharedResource.nl.resx", nl_tree, nl)
save(root / "SharedResource.resx", en_tree, en)
print(f"{len(nl)} Dutch, {len(en)} English entries")
