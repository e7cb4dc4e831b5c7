"""Names for the demonstration agency, from many cultures, as real caseloads have them:
accents, apostrophes, hyphens and non-Latin scripts. All people here are fictional.

Each culture is (given names, family names, languages, whether the Indian Child Welfare Act
would usually apply). Family names of one household come from one culture.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    languages: tuple[str, ...]
    icwa_likely: bool = False


CULTURES: tuple[Culture, ...] = (
    Culture(
        ("María", "José", "Lucía", "Andrés", "Sofía", "Tomás", "Valentina", "Mateo", "Ximena", "Iñaki"),
        ("Muñoz", "García", "Hernández", "Peña", "Ibáñez", "Núñez", "Castañeda", "de la Cruz"),
        ("Spanish", "English", "Spanish"),
    ),
    Culture(
        ("Thảo", "Minh", "Bảo", "Linh", "Quang", "Huyền", "Đức", "Ngọc"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Đặng"),
        ("Vietnamese", "English"),
    ),
    Culture(
        ("Aoife", "Siobhán", "Seán", "Niamh", "Ciarán", "Róisín", "Pádraig"),
        ("O'Brien", "O'Connor", "McCarthy", "Ní Bhriain", "O'Sullivan"),
        ("English",),
    ),
    Culture(
        ("Chinedu", "Adaeze", "Emeka", "Ngozi", "Obinna", "Chiamaka", "Ifeoma"),
        ("Okafor", "Okonkwo", "Eze", "Adeyemi", "Nwosu"),
        ("English", "Igbo"),
    ),
    Culture(
        ("Aiyana", "Kai", "Nizhoni", "Hania", "Ahiga", "Shandiin", "Doli"),
        ("Begay", "Yazzie", "Tsosie", "Whitehorse", "Nez"),
        ("English", "Navajo"),
        icwa_likely=True,
    ),
    Culture(
        ("Fatima", "Omar", "Layla", "Yusuf", "Amira", "Khalid", "Nour"),
        ("Al-Sayed", "Haddad", "El-Amin", "Abu-Bakr", "Mansour"),
        ("Arabic", "English"),
    ),
    Culture(
        ("明", "芳", "伟", "Mei", "Wei", "Jun", "Xiu"),
        ("李", "王", "Chen", "Zhang", "Liu"),
        ("Mandarin", "Cantonese", "English"),
    ),
    Culture(
        ("민준", "서연", "Ji-woo", "Seo-yeon", "Min-jun", "Ha-eun"),
        ("김", "Park", "Lee", "Choi"),
        ("Korean", "English"),
    ),
    Culture(
        ("Дмитрий", "Наталья", "Olga", "Ivan", "Anastasia", "Sergei"),
        ("Иванов", "Petrova", "Kuznetsov", "Sokolova"),
        ("Russian", "English"),
    ),
    Culture(
        ("Jürgen", "Zoë", "Chloé", "Björn", "Søren", "Åsa", "Renée"),
        ("Müller", "Ødegaard", "Lefèvre", "Smith-Jones", "Åberg"),
        ("English",),
    ),
    Culture(
        ("Kwame", "Ama", "Kofi", "Abena", "Yaw", "Akosua"),
        ("Mensah", "Asante", "Boateng", "Owusu"),
        ("English", "Twi"),
    ),
    Culture(
        ("Priya", "Arjun", "Ananya", "Rohan", "Lakshmi", "Vikram"),
        ("Patel", "Sharma", "Iyer-Nair", "Reddy"),
        ("English", "Gujarati", "Hindi"),
    ),
    Culture(
        ("Jamal", "Keisha", "DeShawn", "Imani", "Malik", "Aaliyah"),
        ("Washington", "Jackson", "Johnson-Brown", "Robinson"),
        ("English",),
    ),
    Culture(
        ("Tevita", "Mele", "Sione", "Losaline", "Viliami"),
        ("Fifita", "Taufa'ao", "Tupou", "Vainikolo"),
        ("Tongan", "English"),
    ),
    Culture(
        ("Emily", "Michael", "Hannah", "Tyler", "Ashley", "Dakota", "Brandon"),
        ("Miller", "Anderson", "Thompson", "Carter", "Reed"),
        ("English",),
    ),
)

STAFF_NAMES: tuple[tuple[str, str], ...] = (
    ("Rosa", "Delgado"),
    ("Marcus", "Chen"),
    ("Grace", "Oyelaran"),
    ("Daniel", "Whitfield"),
    ("Leilani", "Kahale"),
    ("Ahmed", "Rahimi"),
    ("Brianna", "Foster"),
    ("Tuan", "Pham"),
    ("Ingrid", "Solberg"),
    ("José Luis", "Ortega"),
    ("Naomi", "Feldman"),
)

SCHOOLS: tuple[str, ...] = (
    "Lincoln Elementary",
    "Rosa Parks Elementary",
    "César Chávez Middle School",
    "Valley View Middle School",
    "Westside High School",
    "Oak Grove High School",
    "Little Acorns Childcare",
    "Head Start, Mission Street",
)

STREETS: tuple[str, ...] = (
    "Mission Street",
    "Alder Avenue",
    "Calle Esperanza",
    "Harbor Boulevard",
    "Pine Ridge Road",
    "Sunset Drive",
    "MLK Jr. Way",
    "Cedar Court",
)
