"""Print the scenario file's JSON Schema: `python -m models.jsonschema > models/scenario.schema.json`."""

import json

from models.scenario import model_json_schema

if __name__ == "__main__":
    print(json.dumps(model_json_schema(), indent=2, ensure_ascii=False))
