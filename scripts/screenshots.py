#!/usr/bin/env python
"""Take Chromium screenshots of pages of a running UCJ Monitor, at desktop and phone width.

    .venv/bin/python scripts/screenshots.py --user admin.prov --out /tmp/shots / /data/allocations/
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="ucj-demo-2025")
    parser.add_argument("--out", default="/tmp/ucj-shots")
    parser.add_argument("--lang", default="")
    parser.add_argument("--widths", default="1366,390")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in [int(w) for w in args.widths.split(",")]:
            context = browser.new_context(viewport={"width": width, "height": 900},
                                          device_scale_factor=1)
            page = context.new_page()
            if args.user:
                page.goto(args.base + "/masuk/")
                page.fill("input[name=username]", args.user)
                page.fill("input[name=password]", args.password)
                page.click("button[type=submit]")
            for path in args.paths:
                page.goto(args.base + path)
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                target = out / f"{args.user or 'anon'}-{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
