#!/usr/bin/env python3
"""Derives the bundled catalog genai-prices.json from genai-prices' full data file.

genai-prices publishes prices/new_data/v2/data.json (every model) and data_slim.json (the same without the
descriptive fields and without the models whose every price is 0). The library bundles the slim projection of the
full file, free models kept, so that a free model is priced at exactly $0 rather than marked unpriced or matched to
a paid model of another provider.

Usage: derive-bundle.py <genai-prices data.json> > genai-prices.json
"""
import json
import sys

PROVIDER_FIELDS = ('pricing_urls', 'description', 'price_comments')
MODEL_FIELDS = ('name', 'description', 'price_comments')

providers = json.load(open(sys.argv[1], encoding='utf-8'))
for provider in providers:
    for field in PROVIDER_FIELDS:
        provider.pop(field, None)
    for model in provider['models']:
        for field in MODEL_FIELDS:
            model.pop(field, None)
sys.stdout.write(json.dumps(providers, separators=(',', ':'), ensure_ascii=False) + '\n')
