"""The demo experts who write and review the demo articles.

They are made-up people: the "(demo)" in their names and their @demo.aposbook.com
addresses say so, and they get unusable passwords, so nobody can sign in as them.
"""

DIETITIAN = "mara.ellis@demo.aposbook.com"
PHYSICIAN = "daniel.okafor@demo.aposbook.com"
PHARMACIST = "priya.raman@demo.aposbook.com"

PEOPLE = [
    {"email": DIETITIAN, "display_name": "Mara Ellis (demo)", "credentials": "MS, RD"},
    {"email": PHYSICIAN, "display_name": "Daniel Okafor (demo)", "credentials": "MD"},
    {"email": PHARMACIST, "display_name": "Priya Raman (demo)", "credentials": "PharmD"},
]
