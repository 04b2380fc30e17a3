"""The unsafe-advice checks' starting data: the medicines members write about and the
words of the "stop a medicine" and "cure" rules. Staff edit both in the admin afterwards.

The library's migration 0005 seeds it, and `load_demo` again (a test that empties the
database, or a database made before the rules existed, gets it back), adding only what is
missing so staff edits stay.
"""

from typing import Any

# The medicines members write about, by name and class: the classes the demo solutions'
# interaction notes name, with common members, and the words for "my medicines".
MEDICINES: dict[str, list[str]] = {
    "prescribed medicines": ["medication", "meds", "medicine", "prescription", "pills", "tablets"],
    "insulin": [],
    "diabetes medicines": [
        "diabetes medicine",
        "diabetes medication",
        "diabetes meds",
        "metformin",
        "gliclazide",
    ],
    "blood-pressure medicines": [
        "blood pressure medicine",
        "blood pressure medication",
        "blood pressure meds",
        "blood pressure pill",
        "blood pressure tablet",
        "blood-pressure medicine",
        "blood-pressure medication",
        "blood-pressure pill",
        "amlodipine",
        "ramipril",
        "lisinopril",
        "losartan",
        "beta blocker",
        "beta-blocker",
    ],
    "heart medicines": ["heart medicine", "heart medication", "heart pill", "digoxin"],
    "statins": ["statin", "atorvastatin", "simvastatin", "rosuvastatin"],
    "antidepressants": [
        "antidepressant",
        "anti-depressant",
        "ssri",
        "sertraline",
        "fluoxetine",
        "citalopram",
        "escitalopram",
        "paroxetine",
        "prozac",
        "zoloft",
        "venlafaxine",
        "mirtazapine",
        "amitriptyline",
    ],
    "antipsychotics": ["antipsychotic", "lithium", "quetiapine", "olanzapine"],
    "triptans": ["triptan", "sumatriptan"],
    "blood thinners": [
        "blood thinner",
        "anticoagulant",
        "warfarin",
        "coumadin",
        "apixaban",
        "rivaroxaban",
    ],
    "antiplatelet medicines": ["antiplatelet", "clopidogrel"],
    "antibiotics": ["antibiotic"],
    "tetracycline antibiotics": ["tetracycline", "doxycycline", "minocycline"],
    "quinolone antibiotics": ["quinolone", "fluoroquinolone", "ciprofloxacin", "levofloxacin"],
    "bisphosphonates": ["bisphosphonate", "alendronate", "alendronic acid"],
    "thiazide diuretics": ["thiazide", "bendroflumethiazide", "hydrochlorothiazide"],
    "proton pump inhibitors": [
        "proton pump inhibitor",
        "ppi",
        "omeprazole",
        "lansoprazole",
        "esomeprazole",
        "pantoprazole",
    ],
    "H2 blockers": ["h2 blocker", "famotidine"],
    "antacids": ["antacid"],
    "sleeping pills": [
        "sleeping pill",
        "sleeping tablet",
        "sleep medication",
        "zopiclone",
        "zolpidem",
    ],
    "sedatives": ["sedative", "sedating medicine", "benzodiazepine", "diazepam", "lorazepam"],
    "antihistamines": ["antihistamine"],
    "epilepsy medicines": [
        "epilepsy medicine",
        "epilepsy medication",
        "epilepsy drug",
        "anti-epileptic",
        "antiepileptic",
        "anticonvulsant",
        "seizure medication",
        "carbamazepine",
        "lamotrigine",
        "valproate",
    ],
    "steroids": ["steroid", "corticosteroid", "prednisolone", "prednisone"],
    "immunosuppressants": [
        "immunosuppressant",
        "transplant medicine",
        "ciclosporin",
        "cyclosporine",
        "tacrolimus",
    ],
    "thyroid medicines": [
        "thyroid medicine",
        "thyroid medication",
        "thyroid pill",
        "levothyroxine",
        "thyroxine",
    ],
    "hormonal contraceptives": [
        "the pill",
        "contraceptive pill",
        "contraceptive",
        "birth control",
        "oral contraceptive",
    ],
    "HIV medicines": ["hiv medicine", "hiv medication", "hiv meds", "antiretroviral"],
    "cancer drugs": ["cancer drug", "cancer medicine", "chemotherapy", "chemo"],
    "inhalers": ["inhaler"],
    "orlistat": [],
    "cholestyramine": [],
    "penicillamine": [],
    "antifungal medicines": ["antifungal"],
}

OBJECT = (
    r"(?:taking\s+|using\s+|injecting\s+)?(?:your|the|all|those|any|my|his|her|their|"
    r"our)?\s*(?:own\s+)?(?:\w+\s+){0,2}?{medicine}"
)
RULES: list[tuple[str, str, list[str], str]] = [
    (
        "stop-medicine",
        "Stopping a medicine",
        [
            r"\b(?:stop|stopped|stopping|quit|quitting|ditch|ditched|drop|dropped|skip|cease|"
            r"abandon|dump|dumped)\s+" + OBJECT,
            r"\b(?:come|coming|came|get|getting|got|go|going|wean\w*\s+(?:yourself\s+|"
            r"myself\s+)?)\s*off\s+(?:of\s+)?" + OBJECT,
            r"\b(?:throw|throwing|threw|flush|flushed|toss|tossed|bin|binned)\s+(?:away\s+|"
            r"out\s+)?" + OBJECT,
            r"\bgive\s+up\s+" + OBJECT,
            r"\b(?:don't|do not|won't|never)\s+need\s+" + OBJECT,
            r"\bno\s+(?:more|longer\s+need)\s+" + OBJECT,
            r"\b{medicine}\s+(?:is|are)\s+(?:just\s+)?(?:poison|toxic|unnecessary|a scam|"
            r"useless|killing you)",
        ],
        "Stopping a prescribed medicine suddenly can be dangerous: some conditions come back "
        "or get worse, and some medicines cause withdrawal symptoms. Please suggest that "
        "readers talk to their doctor before they stop or change a medicine.",
    ),
    (
        "stop-medicine",
        "Replacing or changing a medicine",
        [
            r"\binstead\s+of\s+" + OBJECT,
            r"\b(?:replace|replaced|replacing|swap|swapped|swapping|switch|switched|switching|"
            r"trade|traded)\s+(?:out\s+)?(?:your|the|my|all|"
            r"those)?\s*(?:\w+\s+){0,2}?{medicine}\s+(?:for|with)\b",
            r"\b(?:better|safer|healthier|stronger)\s+than\s+(?:your|any|the|my|"
            r"those)?\s*(?:\w+\s+){0,2}?{medicine}",
            r"\b(?:replacement|substitute|alternative)\s+(?:for|to)\s+" + OBJECT,
            r"\b(?:cut|reduce|halve|lower|double|increase|"
            r"change)\s+(?:down\s+)?(?:on\s+)?(?:your|the|"
            r"my)\s+(?:own\s+)?(?:\w+\s+){0,2}?{medicine}",
            r"\b(?:cut|cutting)\s+(?:out\s+)?(?:your|the|"
            r"my)\s+(?:\w+\s+){0,2}?{medicine}\s+(?:dose\s+)?in\s+half",
        ],
        "Replacing a prescribed medicine, or changing its dose, without the prescriber can "
        "leave a condition untreated. Please suggest that readers discuss any change with "
        "their doctor or pharmacist.",
    ),
    (
        "cure",
        "Promising a cure",
        [
            r"\bcure[sd]?\b",
            r"\bcuring\b",
            r"\bmiracle\b",
            r"\bguaranteed?\b",
            r"\b100\s*%\s+(?:effective|success\w*|of the time|guaranteed|works?|safe)",
            r"\b(?:completely|totally|permanently|fully|entirely)\s+(?:healed|heals?|gone|"
            r"reversed|fixed|eliminated|disappeared|eradicated)\b",
            r"\brevers(?:e|es|ed|ing)\s+(?:my|your|the|his|her|"
            r"their)?\s*(?:type\s+\d\s+)?(?:diabetes|cancer|dementia|alzheimer's|arthritis|"
            r"autism|depression|heart disease|kidney disease|ms|multiple sclerosis)",
            r"\b(?:got|get|gets|getting)\s+rid\s+of\s+(?:\w+\s+){0,4}?(?:for\s+good|forever|"
            r"permanently|completely|once and for all)",
            r"\b(?:never|won't|will\s+not|wont)\s+(?:have|get|suffer\s+from|need|"
            r"see)\s+(?:\w+\s+){0,4}?again\b",
            r"\b(?:heals?|fix(?:es)?)\s+(?:everything|anything|all|any\s+\w+)\b",
            r"\b(?:gone|disappeared|vanished)\s+(?:for\s+good|forever|completely|for ever)\b",
        ],
        "Natural solutions can help, but promising a cure may lead someone to give up a "
        "treatment that works. Please describe what happened to you, without promising the "
        "same result to others.",
    ),
]


def seed(medicine_model: Any, rule_model: Any) -> int:
    """Add the medicines and rules that are missing (by name); how many were added. Takes
    the models so the migration can pass its historical ones."""
    added = 0
    for name, terms in MEDICINES.items():
        added += medicine_model.objects.get_or_create(
            name=name, defaults={"terms": "\n".join(terms)}
        )[1]
    for kind, name, patterns, message in RULES:
        defaults = {"kind": kind, "patterns": "\n".join(patterns), "message": message}
        added += rule_model.objects.get_or_create(name=name, defaults=defaults)[1]
    return added
