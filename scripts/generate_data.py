"""Generate the SYNTHETIC client and prospect tables shipped in `scenarios/data/`.

SYNTHETIC DATA. Every company, name, number and manager in these tables is invented by this
script from a fixed random seed; nothing comes from a real company. The tables imitate a
mid-size Russian B2B distributor of industrial supplies (consumables, tools, equipment, spare
parts and an own brand) with about 3,000 client companies and 1,500 prospects, so that the
shipped scenarios, tests and benchmarks have realistic shapes to work on:

- revenue is heavily skewed (lognormal, driven by company size and tenure): the top 20% of
  clients carry about three quarters of the revenue, as in most B2B books;
- the margin rate depends on the type of product bought (own brand and spare parts earn more
  than equipment), falls a little for the largest buyers (volume discounts) and is noisy;
- purchase frequency grows with revenue; overdue debt is rare and mostly in small companies;
- every client has a current manager, assigned "by intuition" the way the webinar describes:
  the biggest accounts to the key-account managers, technical buyers to the product
  specialists, mid-size clients by region, and the tail to inside sales. The names are the
  `people` of the manager groups in `scenarios/default.yaml`.

Run it from the repository root (numpy only, deterministic: the same seed gives the same bytes):

    .venv/bin/python scripts/generate_data.py            # writes scenarios/data/*.csv
    .venv/bin/python scripts/generate_data.py --out DIR  # writes somewhere else
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import numpy as np

SEED = 2010  # the year of the webinar the project grew from
N_CLIENTS = 3000
N_PROSPECTS = 1500
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "scenarios" / "data"

CLIENT_COLUMNS = (
    "client_id", "name", "region", "industry", "employees", "revenue_12m", "orders_12m",
    "margin", "tenure_years", "overdue_share", "main_product", "manager",
)
PROSPECT_COLUMNS = (
    "prospect_id", "name", "region", "industry", "employees", "has_substitute",
    "budget_confirmed", "potential",
)

REGIONS = {  # region: share of clients
    "Moscow": 0.30, "Saint Petersburg": 0.13, "Central": 0.16, "Volga": 0.14,
    "Urals": 0.11, "South": 0.08, "Siberia": 0.08,
}
INDUSTRIES = {  # industry: (share of clients, size multiplier)
    "manufacturing": (0.26, 1.5), "construction": (0.18, 1.1), "food": (0.14, 1.2),
    "retail": (0.12, 0.8), "logistics": (0.10, 0.9), "energy": (0.06, 2.0),
    "agriculture": (0.08, 0.9), "services": (0.06, 0.6),
}
PRODUCTS = {  # main product type bought: (share of clients, base margin rate, revenue multiplier)
    "consumables": (0.34, 0.21, 0.8), "tools": (0.20, 0.24, 0.9), "equipment": (0.16, 0.14, 1.9),
    "spare_parts": (0.18, 0.29, 1.1), "own_brand": (0.12, 0.33, 0.7),
}
TARGET_REVENUE_12M = 1.5e9  # RUB a year across all clients: a mid-size distributor

# Today's team, as named in scenarios/default.yaml (`people` of each manager group).
KEY_ACCOUNT_MANAGERS = ("olga.smirnova", "dmitry.volkov", "elena.morozova")
PRODUCT_SPECIALISTS = ("alexey.fedorov", "irina.orlova")
ACCOUNT_MANAGERS_BY_REGION = {
    "Moscow": ("ivan.petrov", "maria.kuznetsova"),
    "Saint Petersburg": ("sergey.sokolov",),
    "Central": ("anna.popova",),
    "Volga": ("pavel.lebedev",),
    "Urals": ("pavel.lebedev",),
    "South": ("natalia.kozlova",),
    "Siberia": ("natalia.kozlova",),
}
INSIDE_SALES = ("yulia.novikova", "artem.belov", "ksenia.egorova", "roman.zaitsev")

LEGAL_FORMS = ("OOO", "OOO", "OOO", "AO", "PAO", "IP")
NAME_ROOTS = (
    "Prom", "Stroy", "Tekh", "Agro", "Energo", "Metall", "Snab", "Trans", "Sever", "Ural",
    "Volga", "Neva", "Sib", "Yug", "Alfa", "Vector", "Impuls", "Granit", "Kristall", "Resurs",
    "Standart", "Optima", "Merkuriy", "Orion", "Atlant", "Polyus", "Start", "Forum", "Region",
)
NAME_TAILS = (
    "servis", "komplekt", "torg", "mash", "invest", "resurs", "snab", "stal", "plast", "les",
    "khim", "product", "montazh", "avto", "logistik", "trade", "group", "tekh", "prom", "opt",
)


def _choice(rng: np.random.Generator, table: dict, n: int) -> np.ndarray:
    keys = list(table)
    shares = np.array([v[0] if isinstance(v, tuple) else v for v in table.values()], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=shares / shares.sum())]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    form = rng.choice(len(LEGAL_FORMS), n)
    root = rng.choice(len(NAME_ROOTS), n)
    tail = rng.choice(len(NAME_TAILS), n)
    return [
        f"{LEGAL_FORMS[f]} {NAME_ROOTS[r]}{NAME_TAILS[t]}" for f, r, t in zip(form, root, tail)
    ]


def _employees(rng: np.random.Generator, industry: np.ndarray, median: float, sigma: float) -> np.ndarray:
    size_mult = np.array([INDUSTRIES[i][1] for i in industry])
    raw = median * size_mult * rng.lognormal(0.0, sigma, len(industry))
    return np.clip(np.round(raw), 3, 25000).astype(int)


def make_clients(rng: np.random.Generator) -> dict[str, np.ndarray | list]:
    """The existing-client table: one row per client company (see the module docstring)."""
    n = N_CLIENTS
    region = _choice(rng, REGIONS, n)
    industry = _choice(rng, INDUSTRIES, n)
    product = _choice(rng, PRODUCTS, n)
    employees = _employees(rng, industry, median=55.0, sigma=1.25)
    # Tenure: most clients have bought for a few years; about one in ten is new this year.
    tenure = np.clip(rng.gamma(1.8, 2.6, n), 0.1, 20.0)
    # Revenue: size drives it (elasticity 0.75), the product mix scales it, new clients ramp up,
    # and an idiosyncratic lognormal term gives the long tail.
    product_mult = np.array([PRODUCTS[p][2] for p in product])
    ramp = 1.0 - 0.7 * np.exp(-tenure / 1.2)
    raw = employees**0.75 * product_mult * ramp * rng.lognormal(0.0, 1.05, n)
    revenue = raw * (TARGET_REVENUE_12M / raw.sum())
    revenue = np.maximum(np.round(revenue / 100.0) * 100.0, 5000.0)
    # Orders: about one order per 45k RUB of revenue, at least one a year, Poisson noise.
    orders = np.maximum(1, rng.poisson(1.0 + revenue / 45000.0 * rng.uniform(0.6, 1.4, n)))
    orders = np.minimum(orders, 250)
    # Margin: product base, volume discount for the biggest buyers, noise.
    base = np.array([PRODUCTS[p][1] for p in product])
    discount = 0.025 * np.log10(np.maximum(revenue / np.median(revenue), 1.0))
    margin = np.clip(base - discount + rng.normal(0.0, 0.025, n), 0.04, 0.45)
    # Overdue debt: about 74% pay on time; the rest owe a beta-distributed share, worse when small.
    late = rng.random(n) < np.where(employees < 50, 0.34, 0.22)
    overdue = np.where(late, rng.beta(1.3, 5.0, n), 0.0)
    manager = _assign_managers(rng, region, product, revenue)
    return {
        "client_id": [f"C{i:05d}" for i in range(1, n + 1)],
        "name": _names(rng, n),
        "region": region,
        "industry": industry,
        "employees": employees,
        "revenue_12m": revenue,
        "orders_12m": orders,
        "margin": margin,
        "tenure_years": tenure,
        "overdue_share": overdue,
        "main_product": product,
        "manager": manager,
    }


def _assign_managers(
    rng: np.random.Generator, region: np.ndarray, product: np.ndarray, revenue: np.ndarray
) -> np.ndarray:
    """Today's manager of each client, by the rules of thumb of a team run by intuition."""
    n = len(revenue)
    rank = np.empty(n, dtype=int)
    rank[np.argsort(-revenue, kind="stable")] = np.arange(n)
    manager = np.empty(n, dtype=object)
    technical = np.isin(product, ["equipment", "spare_parts"])
    for i in range(n):
        if rank[i] < 75:
            manager[i] = KEY_ACCOUNT_MANAGERS[rank[i] % len(KEY_ACCOUNT_MANAGERS)]
        elif rank[i] < 900 and technical[i] and rng.random() < 0.35:
            manager[i] = PRODUCT_SPECIALISTS[int(rng.integers(len(PRODUCT_SPECIALISTS)))]
        elif rank[i] < 1300:
            options = ACCOUNT_MANAGERS_BY_REGION[region[i]]
            manager[i] = options[int(rng.integers(len(options)))]
        else:
            manager[i] = INSIDE_SALES[int(rng.integers(len(INSIDE_SALES)))]
    return manager


def make_prospects(rng: np.random.Generator) -> dict[str, np.ndarray | list]:
    """The prospect table: companies the hunters could approach, by the webinar's criteria."""
    n = N_PROSPECTS
    region = _choice(rng, REGIONS, n)
    industry = _choice(rng, INDUSTRIES, n)
    # Prospects are mostly small and medium business (the SMB the third example goal targets).
    employees = _employees(rng, industry, median=35.0, sigma=1.1)
    has_substitute = rng.random(n) < np.where(employees >= 100, 0.75, 0.55)
    budget_confirmed = rng.random(n) < np.where(has_substitute, 0.18, 0.30)
    # Estimated purchase potential, RUB a month once won: about what clients of that size buy.
    potential = employees**0.75 * 900.0 * rng.lognormal(0.0, 0.6, n)
    potential = np.maximum(np.round(potential / 100.0) * 100.0, 2000.0)
    return {
        "prospect_id": [f"P{i:05d}" for i in range(1, n + 1)],
        "name": _names(rng, n),
        "region": region,
        "industry": industry,
        "employees": employees,
        "has_substitute": np.where(has_substitute, "yes", "no"),
        "budget_confirmed": np.where(budget_confirmed, "yes", "no"),
        "potential": potential,
    }


# Fixed text formats keep the files byte-identical run to run.
FORMATS = {
    "revenue_12m": "{:.0f}", "potential": "{:.0f}", "margin": "{:.3f}",
    "tenure_years": "{:.1f}", "overdue_share": "{:.3f}",
}


def to_csv(table: dict[str, np.ndarray | list], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    formatted = []
    for col in columns:
        fmt = FORMATS.get(col)
        values = table[col]
        formatted.append([fmt.format(float(v)) if fmt else str(v) for v in values])
    writer.writerows(zip(*formatted))
    return buf.getvalue()


def generate(out_dir: Path) -> list[Path]:
    """Write clients.csv and prospects.csv into `out_dir`; return their paths."""
    rng = np.random.default_rng(SEED)
    clients = make_clients(rng)
    prospects = make_prospects(rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table, columns in (
        ("clients.csv", clients, CLIENT_COLUMNS),
        ("prospects.csv", prospects, PROSPECT_COLUMNS),
    ):
        path = out_dir / name
        path.write_text(to_csv(table, columns), encoding="utf-8", newline="")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic client and prospect tables.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
