# ruff: noqa: RUF001  (the card holds typographic dashes, quotes and signs on purpose)
"""Write ``legacy/models/acme/mojibake.md``: a clean card garbled as the seed was.

The seed card's UTF-8 bytes were decoded with a Windows code page, and bytes the
code page lacks were dropped. Run once; the output is committed::

    python tests/data/importers/make_mojibake.py
"""

from pathlib import Path

CLEAN = """\
# Café Nova 2 — “Turbo”

> SOTA

**Organization:** [Acme Labs](../../labs/acme.md)
**Released:** Dec/2024
**Access:** 🟢 Public

---

## 📊 Overview

Café Nova 2 — “Turbo” represents state-of-the-art performance in its category.

## 🔧 Technical Specifications

### Model Architecture
- **Type:** MoE
- **Parameters:** 30.0B
- **Training Tokens:** 30000.0B
- **Token:Param Ratio:** 1,000:1 ✅ Compute-optimal

### Training Efficiency
- **ALScore:** 3.2 (Mid-tier)
- **Formula:** √(Parameters × Tokens) ÷ 300

### Training Data
- **Dataset Type:** synthetic, web-scale

## 📈 Performance Benchmarks

| Benchmark | Score | Description |
|-----------|-------|-------------|
| **MMLU** | 87.0 | General knowledge across 57 subjects |
| **MMLU-Pro** | - | Advanced MMLU variant |
| **GPQA** | 62.1 | Graduate-level reasoning |
| **HLE** | - | High-level evaluation |

## 🏷️ Model Tags

`SOTA`

## 📝 Additional Notes

Built in Zürich – the “Turbo” variant’s outputs are watermarked ⚠️. Announce: https://example.org/news/cafe-nova-2

## 🔗 Resources

- 🎮 [Try the Model](https://example.org/try/cafe-nova-2)
- 📄 [Technical Documentation](https://example.org/docs/cafe-nova-2)

---

**Last Updated:** 2025-10-02

[← Back to Leaderboard](../../README.md) • [View All Acme Labs Models](../../labs/acme.md)
"""


def main() -> None:
    garbled = CLEAN.encode("utf-8").decode("cp1252", errors="ignore")
    target = Path(__file__).parent / "legacy" / "models" / "acme" / "mojibake.md"
    target.write_text(garbled, encoding="utf-8")


if __name__ == "__main__":
    main()
