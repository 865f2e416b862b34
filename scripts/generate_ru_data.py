"""Generate the SYNTHETIC client table of the Russian scenario `scenarios/ru-distributor.yaml`.

SYNTHETIC DATA. Every company, name, number and manager in this table is invented by this
script from a fixed random seed; nothing comes from a real company. The table imitates what a
Russian head of sales exports from 1C or Excel for a regional distributor of building
materials in the Volga region: about 1,200 client companies buying 720 mln RUB a year, Russian
column headers, regions and company names, saved the way Excel saves a Russian CSV: Windows-1251
(cp1251), `;` between fields, a decimal comma and CRLF line ends.

- revenue is skewed (lognormal, driven by the kind of client and its tenure): a few builders
  and factories carry most of it;
- the margin rate depends on the kind of client (private contractors and shops pay list prices,
  builders get volume discounts) and is noisy;
- every client has a current manager, assigned the way a team run by intuition does: the
  biggest accounts to the key-account managers, mid-size clients by region, the tail to inside
  sales. The names are the `people` of the manager groups in `scenarios/ru-distributor.yaml`.

Run it from the repository root (numpy only, deterministic: the same seed gives the same bytes):

    .venv/bin/python scripts/generate_ru_data.py            # writes scenarios/data/ru-distributor-clients.csv
    .venv/bin/python scripts/generate_ru_data.py --out DIR  # writes somewhere else
    .venv/bin/python scripts/generate_ru_data.py --fixture  # the 500-row test table (below)

`--fixture` writes the own-data test table `tests/fixtures/own_data/clients_1c.csv`: 500 clients
of another seed, the same columns and format. Its scenario (`scenario.yaml` there) has no
`current:` block, so its baseline is built from the manager column (`clients_table`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

SEED = 2010  # the year of the webinar the project grew from
N_CLIENTS = 1200
FILE_NAME = "ru-distributor-clients.csv"
ENCODING = "cp1251"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "scenarios" / "data"
TARGET_REVENUE_12M = 720e6  # RUB a year across all clients

COLUMNS = (
    "Код клиента", "Клиент", "Регион", "Тип клиента", "Выручка за 12 мес., руб.", "Маржинальность",
    "Заказов за 12 мес.", "Стаж, лет", "Доля просрочки", "Менеджер",
)

REGIONS = {  # region: share of clients
    "Самара": 0.27, "Казань": 0.22, "Нижний Новгород": 0.18, "Саратов": 0.12, "Ульяновск": 0.11,
    "Пенза": 0.10,
}
KINDS = {  # kind of client: (share of clients, size multiplier, base margin rate)
    "Строительная компания": (0.28, 2.2, 0.15),
    "Производство": (0.14, 1.8, 0.17),
    "Розничный магазин": (0.32, 0.9, 0.21),
    "Частный подрядчик": (0.26, 0.35, 0.24),
}

# Today's team, as named in scenarios/ru-distributor.yaml (`people` of each manager group).
KEY_ACCOUNT_MANAGERS = ("Смирнова", "Волков")
ACCOUNT_MANAGERS_BY_REGION = {
    "Самара": ("Кузнецова", "Попов"),
    "Казань": ("Лебедева",),
    "Нижний Новгород": ("Соколов",),
    "Саратов": ("Попов",),
    "Ульяновск": ("Лебедева",),
    "Пенза": ("Соколов",),
}
INSIDE_SALES = ("Новикова", "Белов", "Егорова")

LEGAL_FORMS = ("ООО", "ООО", "ООО", "АО", "ИП")
NAME_ROOTS = (
    "Волга", "Строй", "Кирпич", "Бетон", "Дом", "Мастер", "Профи", "Сервис", "Ремонт", "Град",
    "Камень", "Лес", "Кровля", "Фасад", "Тёплый", "Новый", "Сокол", "Жигули", "Кама", "Сура",
)
NAME_TAILS = (
    "инвест", "торг", "снаб", "монтаж", "комплект", "проект", "лайн", "маркет", "групп", "ресурс",
    "дело", "мир", "плюс", "центр", "тех", "опт",
)


def _choice(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    keys = list(table)
    shares = np.array([v[0] if isinstance(v, tuple) else v for v in table.values()], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=shares / shares.sum())]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    form = rng.choice(len(LEGAL_FORMS), n)
    root = rng.choice(len(NAME_ROOTS), n)
    tail = rng.choice(len(NAME_TAILS), n)
    return [f"{LEGAL_FORMS[f]} «{NAME_ROOTS[r]}{NAME_TAILS[t]}»" for f, r, t in zip(form, root, tail)]


FIXTURE_SEED, FIXTURE_ROWS, FIXTURE_NAME = 1404, 500, "clients_1c.csv"
FIXTURE_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "own_data"


def make_clients(rng: np.random.Generator, n: int = N_CLIENTS) -> dict[str, list]:
    """The client table, one row per client company (see the module docstring)."""
    region = _choice(rng, REGIONS, n)
    kind = _choice(rng, KINDS, n)
    size = np.array([KINDS[k][1] for k in kind])
    tenure = np.clip(rng.gamma(1.8, 2.4, n), 0.1, 18.0)
    ramp = 1.0 - 0.7 * np.exp(-tenure / 1.2)
    raw = size * ramp * rng.lognormal(0.0, 1.15, n)
    revenue = raw * (TARGET_REVENUE_12M * n / N_CLIENTS / raw.sum())
    revenue = np.maximum(np.round(revenue / 100.0) * 100.0, 3000.0)
    orders = np.minimum(np.maximum(1, rng.poisson(1.0 + revenue / 40000.0 * rng.uniform(0.6, 1.4, n))), 200)
    base = np.array([KINDS[k][2] for k in kind])
    discount = 0.02 * np.log10(np.maximum(revenue / np.median(revenue), 1.0))
    margin = np.clip(base - discount + rng.normal(0.0, 0.02, n), 0.05, 0.40)
    late = rng.random(n) < np.where(kind == "Частный подрядчик", 0.35, 0.2)
    overdue = np.where(late, rng.beta(1.3, 5.0, n), 0.0)
    manager = _assign_managers(rng, region, revenue)
    return {
        "Код клиента": [f"К{i:04d}" for i in range(1, n + 1)],
        "Клиент": _names(rng, n),
        "Регион": list(region),
        "Тип клиента": list(kind),
        "Выручка за 12 мес., руб.": revenue,
        "Маржинальность": margin,
        "Заказов за 12 мес.": orders,
        "Стаж, лет": tenure,
        "Доля просрочки": overdue,
        "Менеджер": list(manager),
    }


def _assign_managers(rng: np.random.Generator, region: np.ndarray, revenue: np.ndarray) -> np.ndarray:
    """Today's manager of each client, by the rules of thumb of a team run by intuition."""
    n = len(revenue)
    rank = np.empty(n, dtype=int)
    rank[np.argsort(-revenue, kind="stable")] = np.arange(n)
    manager = np.empty(n, dtype=object)
    # the top 50 and the next 450 of 1,200 clients (the same shares of a smaller table)
    key_accounts, regional = round(n * 50 / N_CLIENTS), round(n * 500 / N_CLIENTS)
    for i in range(n):
        if rank[i] < key_accounts:
            manager[i] = KEY_ACCOUNT_MANAGERS[rank[i] % len(KEY_ACCOUNT_MANAGERS)]
        elif rank[i] < regional:
            options = ACCOUNT_MANAGERS_BY_REGION[region[i]]
            manager[i] = options[int(rng.integers(len(options)))]
        else:
            manager[i] = INSIDE_SALES[int(rng.integers(len(INSIDE_SALES)))]
    return manager


# Fixed text formats keep the file byte-identical run to run; decimals with a comma.
FORMATS = {
    "Выручка за 12 мес., руб.": "{:.0f}", "Маржинальность": "{:.3f}", "Стаж, лет": "{:.1f}",
    "Доля просрочки": "{:.3f}",
}


def to_csv(table: dict[str, list], columns: tuple[str, ...] = COLUMNS) -> str:
    """`;`-separated text with a decimal comma (no field holds a `;` or a quote)."""
    cells = []
    for col in columns:
        fmt = FORMATS.get(col)
        cells.append([fmt.format(float(v)).replace(".", ",") if fmt else str(v) for v in table[col]])
    lines = [";".join(columns)] + [";".join(row) for row in zip(*cells)]
    return "\r\n".join(lines) + "\r\n"


def generate(out_dir: Path, *, seed: int = SEED, rows: int = N_CLIENTS, name: str = FILE_NAME) -> list[Path]:
    """Write the client table into `out_dir`; return its path in a list."""
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    path.write_bytes(to_csv(make_clients(rng, rows)).encode(ENCODING))
    return [path]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic client table of ru-distributor.yaml.")
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--fixture", action="store_true", help="write the 500-row own-data test table")
    args = parser.parse_args(argv)
    if args.fixture:
        paths = generate(args.out or FIXTURE_OUT, seed=FIXTURE_SEED, rows=FIXTURE_ROWS, name=FIXTURE_NAME)
    else:
        paths = generate(args.out or DEFAULT_OUT)
    for path in paths:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
