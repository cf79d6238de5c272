#!/usr/bin/env python3
"""Cuts the seed notices into the sentences the policy answers may quote (flows/faq/passages/*.json).

Run by hand when a notice changes (the copies are in docs/seeds, see its README):

    tools/seed_passages.py docs/seeds flows/faq/passages

- 000 发改办体改〔2020〕175号: articles 一 … 九 (the text appears twice; the first copy is read).
- 002 工信明电〔2020〕14号: abridged, its paragraphs out of order and repeated, so that the sentence after
  an article's heading ("8.加大信贷支持力度。") is often another article's: the headings are cited with
  their articles, every other sentence by the document alone. Repeats are dropped.
- 004 赣中小领字〔2020〕1号: items 1 … 18, cited as 第一条 … 第十八条 as the curated entries do.
- 001, the news report: the practices it reports, sentence by sentence (lines joined), no article.
"""
import json
import re
import sys
from pathlib import Path

CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_ordinal(n):
    if n <= 10:
        text = CHINESE_NUMBERS[n - 1]
    elif n < 20:
        text = "十" + CHINESE_NUMBERS[n - 11]
    else:
        text = CHINESE_NUMBERS[n // 10 - 1] + "十" + (CHINESE_NUMBERS[n % 10 - 1] if n % 10 else "")
    return "第" + text + "条"


def sentences_of(text):
    text = re.sub(r"\s+", "", text)
    parts = re.findall(r"[^。；！？]*[。；！？]?", text)
    return [p for p in (part.strip() for part in parts) if len(p) >= 8]


def seed_file(seeds, number):
    return next(Path(seeds).glob(number + "_*.txt"))


def fgw175(seeds):
    lines = seed_file(seeds, "000").read_text(encoding="utf-8").splitlines()
    articles, seen = [], set()
    for line in lines:
        match = re.match(r"\s*([一二三四五六七八九])、([^。]*)。(.*)", line)
        if not match or match.group(1) in seen:
            continue
        seen.add(match.group(1))
        number = CHINESE_NUMBERS.index(match.group(1)) + 1
        articles.append({"article": chinese_ordinal(number), "heading": match.group(2), "sentences": sentences_of(match.group(3))})
    return articles


def jx1(seeds):
    text = seed_file(seeds, "004").read_text(encoding="utf-8")
    articles = []
    for match in re.finditer(r"^\s*(\d+)\.([^。]*)。(.*?)(?=^\s*\d+\.|^\s*[一二三四五六]、|\n\s*\n\s*\n|\Z)", text, re.S | re.M):
        # Each item ends with the units responsible in brackets, "(各设区市、县(市、区)政府,…)": not a sentence to quote.
        body = re.sub(r"\((各|省)[^\n]*\)\s*$", "", match.group(3).strip())
        articles.append({"article": chinese_ordinal(int(match.group(1))), "heading": match.group(2).strip(), "sentences": sentences_of(body)})
    return articles


def gxb14(seeds):
    text = seed_file(seeds, "002").read_text(encoding="utf-8")
    headings, sentences, seen = {}, [], set()
    for paragraph in text.splitlines():
        for piece in re.split(r"(?<=[。；])|(?=[一二三四五六七八九十]、)|(?=\d+\.[^\d])", paragraph):
            piece = piece.strip()
            heading = re.match(r"(\d+)\.([^。]*)。(.*)", piece)
            if heading:
                headings.setdefault(int(heading.group(1)), heading.group(2))
                piece = heading.group(3)
            elif re.match(r"[一二三四五六七八九十]、", piece):
                continue
            for sentence in sentences_of(piece):
                if sentence in seen or "工业和信息化部" in sentence and ("通知" in sentence or "删减" in sentence):
                    continue
                seen.add(sentence)
                sentences.append(sentence)
    # The published text is abridged and its paragraphs are out of order: the sentence after a heading
    # is often another article's. Only the headings are cited by article; the rest by document alone.
    articles = [{"article": chinese_ordinal(n), "heading": headings[n], "sentences": [headings[n] + "。"]} for n in sorted(headings)]
    return articles + [{"article": "", "heading": "", "sentences": sentences}]


def mzb(seeds):
    text = seed_file(seeds, "001").read_text(encoding="utf-8")
    body = re.sub(r"[\ufffd\s]+", "", text)
    start = body.find("据民政部网站消息")
    sentences = [s for s in sentences_of(body[start:]) if "图为" not in s]
    return [{"article": "", "heading": "", "sentences": sentences}]


def main():
    seeds, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for document, cut, seed in (("fgw175", fgw175, "000"), ("mzb", mzb, "001"), ("gxb14", gxb14, "002"), ("jx1", jx1, "004")):
        passages = {"document": document, "source": seed_file(seeds, seed).name, "articles": cut(seeds)}
        (out / (document + ".json")).write_text(json.dumps(passages, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(document, sum(len(a["sentences"]) for a in passages["articles"]), "sentences in", len(passages["articles"]), "articles")


if __name__ == "__main__":
    main()
