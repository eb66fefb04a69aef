"""Generate realistic, multicultural person and entity records for benchmarks and demonstrations.

    python -m tools.gen_suspects --persons 1000 --entities 200 > suspects.json

Persons come from ten regions a southern African customs administration meets (its own region, west, east
and central Africa, the Maghreb, the Middle East, South Asia, China, Latin America, Europe and Russia), each
with real common names first and names built from the region's syllables after them, drawn with Zipf weights
so that a few names are very common, as in real registers. Names are written as people and officers write
them: "FAMILY, Given", in capitals, with or without accents; a share of Arabic, Russian and Chinese names
also carry the original script. Dates of birth are full, year-only or missing; documents, phones and addresses
follow each country's habits. About one record in twenty re-describes an earlier person (another spelling,
word order, script, a changed document or date), which is what the matcher must find.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any


def _w(text: str) -> list[str]:
    return text.split()


@dataclass(frozen=True, slots=True)
class Region:
    """Names and habits of one region."""

    countries: tuple[str, ...]
    male: list[str]
    female: list[str]
    family: list[str]
    syllables: list[str]
    weight: float
    script: str = ""  # "arabic", "cyrillic" or "chinese": some records carry the original script


REGIONS: dict[str, Region] = {
    "southern": Region(("NA", "ZA", "BW", "ZW", "ZM", "AO", "MZ"), _w(
        "Johannes Petrus Thomas Sipho Thabo Tendai Tatenda Blessing Joseph Moses David Simon Paulus Gabriel Lazarus "
        "Ndapewa Mandla Themba Farai Kudakwashe Tinashe Jabulani"), _w(
        "Maria Anna Ndapewa Selma Hilma Ester Nomvula Thandiwe Chipo Rudo Grace Precious Ruth Martha Ottilie "
        "Nokuthula Lindiwe Tsitsi"), _w(
        "Shikongo Amupolo Nghipondoka Haufiku Iipinge Shilongo Nakale Amutenya Dlamini Nkosi Mokoena Moyo Ncube "
        "Banda Phiri Mwale Sibanda Dube Khumalo Ndlovu Mutasa Chikwanha Mbeki Van Wyk Botha Santos Ferreira "
        "Kandjii Hamutenya Nujoma"), _w("ku ndi ma sha pe ho ngi tu ya mbe ke lo sa wa mu na"), 0.30),
    "west": Region(("NG", "GH", "SN", "ML", "CI", "GN", "BF", "CM"), _w(
        "Mamadou Ibrahima Moussa Amadou Ousmane Abdoulaye Seydou Kwame Kofi Emmanuel Chukwuemeka Olusegun "
        "Adebayo Yaw Boubacar Souleymane Issa Chinedu Babatunde Oluwaseun"), _w(
        "Aminata Fatoumata Mariama Awa Kadiatou Ngozi Chioma Adaeze Akosua Abena Funmilayo Aissatou Hawa Oumou "
        "Blessing Folake Yetunde"), _w(
        "Diallo Traore Toure Kone Coulibaly Keita Camara Sow Ba Ndiaye Diop Fall Sy Cisse Okafor Okeke Eze Adeyemi "
        "Mensah Asante Boateng Owusu Bello Sani Garba Abubakar Ogunleye Nwosu Balogun Sarr Kamara Sangare"),
        _w("ba dia ko lo fa se du ma ni ka ou ye ra bo ga chi nwa o"), 0.18),
    "east": Region(("KE", "TZ", "UG", "ET", "SO", "SD", "RW", "CD"), _w(
        "John Peter James Samuel Daniel Otieno Kamau Mwangi Abdi Hassan Mohamed Tesfaye Dawit Yohannes Musa "
        "Kiprono Baraka Jean Claude Emmanuel"), _w(
        "Wanjiru Achieng Akinyi Njeri Amina Fatuma Halima Hodan Asha Mekdes Tigist Alem Grace Faith Esther "
        "Mwanaisha Neema"), _w(
        "Mwangi Otieno Kamau Njoroge Omondi Ochieng Kipchoge Wanjala Abdi Farah Osman Warsame Hussein Tesfaye "
        "Bekele Haile Mekonnen Mutombo Kabila Tshisekedi Mugisha Habimana Uwimana Nyambura Kiprop"),
        _w("ki wa nji mo ri ga ha ba te fe ku ma ta lo"), 0.12),
    "maghreb": Region(("MA", "DZ", "TN", "LY", "EG", "MR"), _w(
        "Mohamed Ahmed Youssef Khalid Rachid Karim Omar Abdelkader Abderrahmane Hicham Mustapha Said Nabil "
        "Tarek Walid Mehdi Yassine"), _w(
        "Fatima Khadija Amina Nadia Samira Leila Salma Houda Zineb Meriem Sara Imane Naima Souad"), _w(
        "Benali Bennani El Amrani Alaoui Tazi Cherkaoui Haddad Mansouri Bouzid Belkacem Boudiaf Trabelsi "
        "Ben Salah Gharbi Jebali Khelifi Saidi Benjelloun El Idrissi Ziani Hamdi Chaoui"),
        _w("ben al ha ma ra ki za bou el sa ni de"), 0.07, "arabic"),
    "middle_east": Region(("SY", "IQ", "JO", "LB", "SA", "AE", "YE", "IR"), _w(
        "Mohammed Ahmad Ali Hassan Hussein Omar Khaled Ibrahim Yusuf Abdullah Mahmoud Mustafa Hamza Bilal "
        "Tariq Reza Mehdi"), _w("Fatima Zainab Maryam Aisha Layla Noor Huda Rania Dana Sara Zahra"), _w(
        "Al-Hassan Al-Ahmad Haddad Khoury Nasser Saleh Hamdan Al-Masri Al-Tamimi Al-Shami Darwish Rahimi "
        "Hosseini Karimi Mohammadi Al-Obeidi Al-Jabouri Abboud Salem Qasim"),
        _w("al ha sa ma di ra ki bu na ja"), 0.05, "arabic"),
    "south_asia": Region(("IN", "PK", "BD", "LK", "AF"), _w(
        "Mohammad Rahul Amit Imran Arif Sanjay Vikram Rajesh Suresh Tariq Faisal Ahmed Nadeem Ravi Anil"), _w(
        "Priya Anjali Sunita Fatima Ayesha Nasreen Pooja Kavita Shabana Rekha"), _w(
        "Khan Sharma Patel Singh Kumar Ahmed Hussain Rahman Chowdhury Gupta Shah Malik Qureshi Iqbal Reddy "
        "Perera Fernando Siddiqui Ansari Mehta"), _w("ra ja pa ti ku sha na de vi ma"), 0.06),
    "china": Region(("CN", "HK", "TW"), _w("Wei Jun Hao Lei Jian Ming Qiang Yong Tao Bin Xiaoming Zhiwei"),
                    _w("Fang Li Na Jing Ying Xiu Hui Mei Yan Xiaoli Hong"), _w(
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo"),
        _w("zh an ing ao ei ong xi ya"), 0.05, "chinese"),
    "latin": Region(("BR", "AR", "CO", "MX", "PE", "VE", "BO"), _w(
        "José Juan Carlos Luis Jorge Miguel Pedro Francisco Antonio Manuel Diego Andrés João Paulo Ricardo"), _w(
        "María Ana Carmen Luisa Patricia Rosa Gabriela Fernanda Juliana Camila Daniela"), _w(
        "García Rodríguez López Hernández Martínez González Pérez Sánchez Ramírez Torres Silva Santos Oliveira "
        "Souza Pereira Costa Gómez Díaz Vargas Castillo Moreno Rojas"), _w("ro va de la mi che gu ta"), 0.04),
    "europe": Region(("PT", "ES", "FR", "DE", "IT", "NL", "BE", "GB"), _w(
        "Jean Pierre Michel Hans Peter Thomas Marco Luca Antoine Pieter Jan David Paul"), _w(
        "Marie Sophie Anne Claudia Giulia Laura Emma Sarah Julia Elena"), _w(
        "Martin Bernard Dubois Müller Schmidt Schneider Rossi Russo Ferrari De Jong Janssens Smith Jones "
        "Williams Fernandes Moreau Lefèvre Weber"), _w("er an ti ma lo ve ri"), 0.04),
    "russia": Region(("RU", "UA", "BY", "KZ"), _w(
        "Vladimir Sergei Alexei Dmitri Andrei Ivan Nikolai Oleg Yuri Mikhail Pavel"), _w(
        "Olga Natalia Elena Irina Svetlana Tatiana Anna Maria Yulia"), _w(
        "Ivanov Petrov Smirnov Kuznetsov Popov Volkov Sokolov Lebedev Kozlov Novikov Morozov Pavlov Shevchenko "
        "Kovalenko Bondarenko"), _w("ko va no ro ski le mi"), 0.04, "cyrillic"),
}

_CYRILLIC = str.maketrans({
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х",
    "y": "й", "c": "ц", "j": "ж", "w": "в", "x": "кс", "q": "к"})
_ARABIC = str.maketrans({
    "b": "ب", "t": "ت", "j": "ج", "h": "ح", "d": "د", "r": "ر", "z": "ز", "s": "س", "f": "ف", "q": "ق",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "w": "و", "y": "ي", "a": "", "e": "", "i": "ي", "o": "", "u": "و",
    "-": " ", "c": "ك", "g": "ج", "p": "ب", "v": "ف", "x": "كس"})
_HANZI = dict(zip(_w("wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo wei jun hao "
                    "lei jian ming qiang yong tao bin xiao zhi fang na jing ying xiu hui mei yan hong hua guang"),
                 "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗伟军浩磊建明强勇涛斌小志芳娜静英秀慧梅燕红华光", strict=True))
_CHINESE_GIVEN = _w("wei jun hao lei jian ming qiang yong tao bin xiao zhi fang na jing ying xiu hui mei yan hong hua "
                    "guang")
_DIGRAPHS = {"arabic": (("kh", "خ"), ("sh", "ش"), ("th", "ث"), ("dh", "ذ"), ("gh", "غ"), ("ou", "و")),
             "cyrillic": (("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ya", "я"), ("yu", "ю"))}
DOCUMENT_PREFIX = {"NA": "P", "ZA": "A", "NG": "A", "KE": "AK", "CN": "E", "RU": "7", "BR": "FZ", "IN": "K",
                   "MA": "BK", "SD": "P"}
TRADES = _w("Trading Logistics Import Export Shipping Transport Freight Services Enterprises Holdings General "
            "Commodities Distribution Investments")
WORDS = _w("Sahel Kalahari Atlas Nile Namib Zambezi Star Golden Crescent Delta Kilimanjaro Savannah Baobab Lion "
           "Eagle Ocean Royal Sunrise Horizon Unity Victory Alliance Pioneer Zenith Summit Oasis Harmony Phoenix "
           "Diamond Emerald Continental Pacific Atlantic Eastern Western Coastal Highland Prime Elite Faith Tristar "
           "Acacia Okavango Kunene Etosha Skeleton Dune Great Lakes Silk Road Jade Lotus Cedar Andes Amazon Orion")
FORMS = {"NA": ["CC", "(Pty) Ltd"], "ZA": ["(Pty) Ltd", "CC"], "NG": ["Ltd", "Nigeria Limited"], "KE": ["Limited"],
         "SN": ["SARL", "SA", "SUARL"], "MA": ["SARL", "SA"], "CN": ["Co., Ltd.", "有限公司"], "AE": ["FZE", "LLC"],
         "BR": ["Ltda", "S.A."], "RU": ["OOO", "AO"], "IN": ["Pvt Ltd"], "DE": ["GmbH"], "FR": ["SAS", "SARL"]}


def _pool(head: list[str], syllables: list[str], size: int, rng: random.Random, offset: int = 3,
          ) -> tuple[list[str], list[float]]:
    """Return real names first, then names made of the region's syllables, with Zipf cumulative weights."""
    made = {(rng.choice(syllables) + rng.choice(syllables) + rng.choice(syllables)).capitalize()
            for _ in range(size * 2)}
    tail = sorted(made - set(head))
    rng.shuffle(tail)
    names = head + tail[:max(0, size - len(head))]
    return names, list(accumulate(1 / (rank + offset) for rank in range(len(names))))


class Generator:
    """Draws persons and entities; deterministic for a seed."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        setup = random.Random(1)  # the name pools are the same whatever the seed
        self.regions = list(REGIONS.values())
        self.region_weights = list(accumulate(r.weight for r in self.regions))
        self.pools = {}
        for region in self.regions:
            # Given names concentrate on the real ones; family names run into a long tail of rarer ones.
            self.pools[id(region)] = (
                _pool(region.male, region.syllables, 120, setup, 1),
                _pool(region.female, region.syllables, 120, setup, 1),
                _pool(region.family, region.syllables, 20 if region.script == "chinese" else 6000, setup))
        self.words = _pool(WORDS, _w("ka la ri mo sa te vo ni zu be"), 8000, setup)
        # Earlier records to describe again, as JSON text: one object each rather than dozens, so that the cycle
        # collector's full runs in a benchmark walk the node's objects, not the generator's.
        self.persons_made: list[str] = []
        self.entities_made: list[str] = []

    def _pick(self, pool: tuple[list[str], list[float]]) -> str:
        return self.rng.choices(pool[0], cum_weights=pool[1])[0]

    def person(self) -> dict[str, Any]:
        """Return a new person, or (one time in twenty) another description of an earlier one."""
        if self.persons_made and self.rng.random() < 0.05:
            return self._variant(self.rng.choice(self.persons_made))
        rng = self.rng
        region = rng.choices(self.regions, cum_weights=self.region_weights)[0]
        male, female, family = self.pools[id(region)]
        sex = rng.choice("MF")
        if region.script == "chinese":
            given = ["".join(rng.choice(_CHINESE_GIVEN) for _ in range(rng.choice((1, 2, 2)))).capitalize()]
        else:
            given = [self._pick(male if sex == "M" else female) for _ in range(1 + (rng.random() < 0.35))]
        families = [self._pick(family) for _ in range(1 + (region is REGIONS["latin"] and rng.random() < 0.6))]
        country = rng.choice(region.countries)
        person: dict[str, Any] = {"family_name": " ".join(families), "given_names": " ".join(given), "sex": sex,
                                  "nationalities": [country]}
        style = rng.random()
        if style < 0.2:
            person["full_name"] = f"{' '.join(families).upper()}, {' '.join(given)}"
        elif style < 0.3 and region is REGIONS["china"]:
            person["full_name"] = " ".join(families + given)
        else:
            person["full_name"] = " ".join(given + families)
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
        shape = rng.random()
        person["date_of_birth"] = born.isoformat() if shape < 0.8 else str(born.year) if shape < 0.95 else ""
        if rng.random() < 0.6:
            number = DOCUMENT_PREFIX.get(country, "") + str(rng.randint(1_000_000, 9_999_999))
            person["documents"] = [{"type": rng.choice(["passport", "passport", "national_id"]), "number": number,
                                    "country": country}]
        if region.script and rng.random() < 0.3 and (region.script != "chinese" or all(
                _split_pinyin(w.lower()) for w in given + families)):
            person["original_script"] = {"name": self._script(region.script, given + families), "transliteration": ""}
        if rng.random() < 0.1:
            person["aliases"] = [f"{self._pick(male if sex == 'M' else female)} {families[-1]}"]
        if rng.random() < 0.4:
            person["phones"] = [f"+{rng.randint(20, 299)} {rng.randint(10, 99)} {rng.randint(100, 999)} "
                                f"{rng.randint(1000, 9999)}"]
        if rng.random() < 0.3:
            person["addresses"] = [{"street": f"{rng.randint(1, 300)} {self._pick(self.words)} Street",
                                    "city": self._pick(self.words), "country": country}]
        if rng.random() < 0.05:
            person["watch_list"] = {"listed": True, "reason": "Named in an intelligence report"}
        self.persons_made.append(json.dumps(person))
        if len(self.persons_made) > 20_000:
            del self.persons_made[:10_000]
        return person

    def _script(self, script: str, words: list[str]) -> str:
        """Write names in their original script (roughly, as a clerk copying a document would)."""
        if script == "chinese":
            syllables = [_split_pinyin(w.lower()) for w in words[::-1]]
            return "".join(_HANZI[s] for parts in syllables for s in parts)
        out = []
        for word in words:
            text = word.lower()
            for latin, letter in _DIGRAPHS[script]:
                text = text.replace(latin, letter)
            out.append(text.translate(_CYRILLIC if script == "cyrillic" else _ARABIC))
        return " ".join(w.capitalize() for w in out)

    def _variant(self, original: str) -> dict[str, Any]:
        """Return another description of a person (``original`` as JSON): spelling, order, capitals, script, a slip
        in the date."""
        rng = self.rng
        person: dict[str, Any] = json.loads(original)
        change = rng.random()
        given, family = person["given_names"], person["family_name"]
        if change < 0.3:
            person["full_name"] = f"{family.upper()}, {given}"
        elif change < 0.55:
            person["full_name"] = f"{given} {family}".replace("ou", "u").replace("ph", "f").replace("-", " ")
        elif change < 0.7:
            person["full_name"] = f"{family} {given}"
        elif change < 0.85 and person.get("date_of_birth", "")[4:5] == "-":
            day = person["date_of_birth"]
            person["date_of_birth"] = f"{day[:5]}{day[8:10]}-{day[5:7]}" if int(day[8:10]) <= 12 else day[:4]
        else:
            person.pop("documents", None)
        person.pop("watch_list", None)
        return person

    def entity(self) -> dict[str, Any]:
        """Return a new entity, or (one time in twenty) another description of an earlier one."""
        rng = self.rng
        if self.entities_made and rng.random() < 0.05:
            original = json.loads(rng.choice(self.entities_made))
            original["legal_name"] = original["legal_name"].upper().replace(" (Pty) Ltd", " Pty Ltd")
            if rng.random() < 0.5:
                original.pop("tax_ids", None)
            return original
        country = rng.choices(list(FORMS), weights=[20, 12, 10, 8, 6, 5, 6, 4, 3, 3, 2, 2, 2])[0]
        words = [self._pick(self.words) for _ in range(1 + (rng.random() < 0.5))]
        name = " ".join(words + [rng.choice(TRADES)] * (rng.random() < 0.8) + [rng.choice(FORMS[country])])
        entity: dict[str, Any] = {"legal_name": name, "registration": {
            "number": f"{rng.randint(1990, 2025)}/{rng.randint(1, 99999):05d}", "jurisdiction": country},
            "types": rng.sample(["importer", "exporter", "customs_broker", "freight_forwarder", "carrier",
                                 "shell_company"], k=rng.randint(1, 2))}
        if rng.random() < 0.6:
            entity["tax_ids"] = [{"scheme": "tin", "value": str(rng.randint(10_000_000, 99_999_999)),
                                  "country": country}]
        if rng.random() < 0.3:
            entity["trading_names"] = [" ".join(words)]
        entity["addresses"] = [{"city": self._pick(self.words), "country": country}]
        self.entities_made.append(json.dumps(entity))
        if len(self.entities_made) > 20_000:
            del self.entities_made[:10_000]
        return entity


def _split_pinyin(word: str) -> list[str]:
    """Return a romanised Chinese name as syllables the table knows ("xiaoming" -> xiao, ming), else []."""
    if word in _HANZI:
        return [word]
    for cut in range(1, len(word)):
        if word[:cut] in _HANZI and (rest := _split_pinyin(word[cut:])):
            return [word[:cut], *rest]
    return []


def batches(count: int, size: int, make: Any) -> Iterator[list[dict[str, Any]]]:
    """Yield ``count`` records in lists of ``size``."""
    for start in range(0, count, size):
        yield [make() for _ in range(min(size, count - start))]


def main(argv: list[str] | None = None) -> int:
    """Print generated records as JSON: {"persons": [...], "entities": [...]}."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100)
    parser.add_argument("--entities", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    generator = Generator(args.seed)
    json.dump({"persons": [generator.person() for _ in range(args.persons)],
               "entities": [generator.entity() for _ in range(args.entities)]}, sys.stdout, ensure_ascii=False,
              indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
