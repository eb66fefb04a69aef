"""Generate realistic national seizure cases, deterministically from a seed, for benchmarks and the demo.

    python -m tools.gen_seizures --count 5000 --seed 7 --country NA --format json cases.jsonl
    python -m tools.gen_seizures --count 5000 --format csv cases.csv
    python -m tools.gen_seizures --check 3000

Cases follow the patterns a Southern African administration sees: tobacco and drugs most often, then
counterfeits, alcohol, currency and wildlife; quantities with long tails (a mule's 900 g of cocaine, a
container's 400 kg); modes, detection and concealment that go together (a swallower arrives by air, a false
front wall comes in a container); routes along the known corridors (cocaine from Brazil through Luanda or
Johannesburg, ivory and pangolin scales from Central Africa to Asia through Walvis Bay); offices of the
country with their UN/LOCODEs; ten years of dates with seasons, growth and the 2020 collapse of air travel.
Every case passes ``normalise_seizure`` and the node's own checks, once the offices are in its list
(``offices(country)`` gives them; ``--check`` proves it against a throw-away node). Namibia (NA) has a full
profile; other countries get generic offices. The data is invented: any likeness to a real person or
company is chance.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from random import Random
from typing import Any, TextIO

import pycountry

from protocol.records.fields import container_check_digit

DEFAULT_UNTIL = date(2025, 12, 31)
DEFAULT_YEARS = 10

# -- places ----------------------------------------------------------------------------------------------------

COUNTRY_NAMES = {
    "CD": "DR Congo", "CG": "Congo", "TZ": "Tanzania", "IR": "Iran", "VN": "Viet Nam", "LA": "Laos",
    "KR": "South Korea", "RU": "Russia", "BO": "Bolivia", "VE": "Venezuela", "SY": "Syria", "CI": "Côte d'Ivoire",
    "GB": "the United Kingdom", "US": "the United States", "AE": "the United Arab Emirates", "NL": "the Netherlands",
    "TW": "Taiwan", "CZ": "Czechia", "TR": "Türkiye",
}

SEA_PORTS: dict[str, tuple[tuple[str, str], ...]] = {
    "BR": (("BRSSZ", "Santos"), ("BRPNG", "Paranaguá"), ("BRRIG", "Rio Grande")),
    "CN": (("CNSHA", "Shanghai"), ("CNNGB", "Ningbo"), ("CNYTN", "Yantian"), ("CNNSA", "Nansha")),
    "HK": (("HKHKG", "Hong Kong"),), "AE": (("AEJEA", "Jebel Ali"),), "SG": (("SGSIN", "Singapore"),),
    "MY": (("MYPKG", "Port Klang"), ("MYTPP", "Tanjung Pelepas")),
    "IN": (("INNSA", "Nhava Sheva"), ("INMUN", "Mundra")),
    "LK": (("LKCMB", "Colombo"),), "ZA": (("ZADUR", "Durban"), ("ZACPT", "Cape Town"), ("ZAZBA", "Ngqura")),
    "ES": (("ESALG", "Algeciras"), ("ESVLC", "Valencia")), "MA": (("MAPTM", "Tanger Med"),), "TG": (("TGLFW", "Lomé"),),
    "NG": (("NGAPP", "Apapa"), ("NGTIN", "Tin Can Island")), "AO": (("AOLAD", "Luanda"), ("AOLOB", "Lobito")),
    "MZ": (("MZMPM", "Maputo"), ("MZBEW", "Beira")), "TZ": (("TZDAR", "Dar es Salaam"),), "KE": (("KEMBA", "Mombasa"),),
    "BE": (("BEANR", "Antwerp"),), "NL": (("NLRTM", "Rotterdam"),), "DE": (("DEHAM", "Hamburg"),),
    "PT": (("PTSIE", "Sines"), ("PTLIS", "Lisbon")), "VN": (("VNSGN", "Ho Chi Minh City"), ("VNHPH", "Haiphong")),
    "TH": (("THLCH", "Laem Chabang"),), "TR": (("TRMER", "Mersin"),), "EC": (("ECGYE", "Guayaquil"),),
    "CO": (("COCTG", "Cartagena"), ("COBUN", "Buenaventura")), "PE": (("PECLL", "Callao"),),
    "CM": (("CMDLA", "Douala"),),
    "CG": (("CGPNR", "Pointe-Noire"),), "CD": (("CDMAT", "Matadi"),), "OM": (("OMSLL", "Salalah"),),
    "MU": (("MUPLU", "Port Louis"),), "JP": (("JPYOK", "Yokohama"), ("JPNGO", "Nagoya")),
    "GB": (("GBFXT", "Felixstowe"),),
    "US": (("USNYC", "New York"), ("USSAV", "Savannah")), "PK": (("PKKHI", "Karachi"),), "GH": (("GHTEM", "Tema"),),
    "CI": (("CIABJ", "Abidjan"),), "SN": (("SNDKR", "Dakar"),), "FR": (("FRLEH", "Le Havre"),),
    "IT": (("ITGOA", "Genoa"),),
}
AIRPORTS: dict[str, tuple[tuple[str, str], ...]] = {
    "BR": (("BRGRU", "São Paulo-Guarulhos"),), "ET": (("ETADD", "Addis Ababa"),), "QA": (("QADOH", "Doha"),),
    "AE": (("AEDXB", "Dubai"),), "ZA": (("ZAJNB", "Johannesburg"), ("ZACPT", "Cape Town")),
    "AO": (("AOLAD", "Luanda"),),
    "DE": (("DEFRA", "Frankfurt"),), "NL": (("NLAMS", "Amsterdam"),), "TR": (("TRIST", "Istanbul"),),
    "KE": (("KENBO", "Nairobi"),), "NG": (("NGLOS", "Lagos"),), "HK": (("HKHKG", "Hong Kong"),),
    "CN": (("CNCAN", "Guangzhou"), ("CNSHA", "Shanghai")), "IN": (("INBOM", "Mumbai"), ("INDEL", "Delhi")),
    "VN": (("VNSGN", "Ho Chi Minh City"), ("VNHAN", "Hanoi")), "TH": (("THBKK", "Bangkok"),),
    "MY": (("MYKUL", "Kuala Lumpur"),),
    "GH": (("GHACC", "Accra"),), "ZM": (("ZMLUN", "Lusaka"),), "ZW": (("ZWHRE", "Harare"),),
    "BW": (("BWGBE", "Gaborone"),),
    "MZ": (("MZMPM", "Maputo"),), "TZ": (("TZDAR", "Dar es Salaam"),), "FR": (("FRCDG", "Paris-Charles de Gaulle"),),
    "BE": (("BEBRU", "Brussels"),), "GB": (("GBLHR", "London Heathrow"),), "PT": (("PTLIS", "Lisbon"),),
    "CD": (("CDFIH", "Kinshasa"),), "CM": (("CMDLA", "Douala"),), "SN": (("SNDKR", "Dakar"),),
    "CI": (("CIABJ", "Abidjan"),),
    "LA": (("LAVTE", "Vientiane"),), "MW": (("MWLLW", "Lilongwe"),), "UG": (("UGEBB", "Entebbe"),),
    "SG": (("SGSIN", "Singapore"),),
}
# Hubs through which passengers and air cargo reach Southern Africa, and who flies the last leg.
HUB_AIRLINES: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {
    # hub country: (airline, IATA code, air waybill prefix, flight numbers)
    "ET": (("Ethiopian Airlines", "ET", "071", ("835", "833", "827")),),
    "QA": (("Qatar Airways", "QR", "157", ("1369", "1371")),),
    "ZA": (("Airlink", "4Z", "749", ("100", "102", "104", "190", "192")),
           ("South African Airways", "SA", "083", ("74", "76", "78"))),
    "AO": (("TAAG Angola Airlines", "DT", "118", ("651", "653")),),
    "DE": (("Eurowings Discover", "4Y", "020", ("176", "177")),),
    "AE": (("Emirates", "EK", "176", ("763", "765")),),
    "KE": (("Kenya Airways", "KQ", "706", ("452", "454")),),
    "TR": (("Turkish Airlines", "TK", "235", ("3712", "3714")),),
}
AIR_NAMIBIA = ("Air Namibia", "SW", "186", ("285", "287", "741", "751", "731"))
AIR_NAMIBIA_END = date(2021, 2, 11)  # the airline was liquidated that day

SHIPPING_LINES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (line, bill-of-lading prefix, container owner codes, vessel names)
    ("MSC", "MEDU", ("MSCU", "MEDU", "TGHU", "GESU"),
     ("MSC ALINA", "MSC SARA ELENA", "MSC GIANNA", "MSC LUCY", "MSC AURORA", "MSC ROSSELLA", "MSC ANYA",
      "MSC KATRINA")),
    ("Maersk", "MAEU", ("MSKU", "MRKU", "MRSU", "TCLU"),
     ("MAERSK CAPE TOWN", "MAERSK DURBAN", "MAERSK LIMA", "SAFMARINE NOKWANDA", "SAFMARINE NGAMI", "MAERSK NEWARK")),
    ("CMA CGM", "CMDU", ("CMAU", "CGMU", "TRHU"),
     ("CMA CGM TAGE", "CMA CGM AFRICA FOUR", "CMA CGM LOIRE", "CMA CGM TANYA")),
    ("Hapag-Lloyd", "HLCU", ("HLXU", "HLBU", "FCIU"), ("SANTOS EXPRESS", "CAPE EXPRESS", "BUENAVENTURA EXPRESS")),
    ("Ocean Network Express", "ONEY", ("ONEU", "TCNU"), ("ONE CONTINUITY", "ONE HARMONY", "ONE MAJESTY")),
    ("COSCO Shipping", "COSU", ("CSNU", "CBHU", "CCLU"),
     ("COSCO AFRICA", "COSCO DURBAN", "XIN NING BO", "COSCO ROTTERDAM")),
    ("PIL", "PABV", ("PCIU", "CAIU"), ("KOTA NABIL", "KOTA PURI", "KOTA LAHIR", "KOTA CANTIK")),
    ("Evergreen", "EGLV", ("EGHU", "EISU", "EMCU"), ("EVER LUCID", "EVER LIVEN", "EVER UNITY")),
)
FISHING_VESSELS = ("FV ATLANTIC HARVEST", "FV OCEAN PRIDE", "FV HAI FENG 718", "FV LU RONG YU 608", "FV NAMIB STAR",
                   "FV BENGUELA QUEEN", "FV MERIDIAN", "FV SEA ROSE", "MV KOTA LESTARI", "SY ALBATROSS", "SY WINDSONG")
COURIERS = (("DHL Express", 10), ("FedEx", 12), ("UPS", 0), ("Aramex", 11))
POSTAL_OPERATORS = {"CN": "China Post", "HK": "Hongkong Post", "GB": "Royal Mail", "NL": "PostNL", "US": "USPS",
                    "IN": "India Post", "ZA": "South African Post Office", "DE": "Deutsche Post", "BE": "bpost",
                    "AE": "Emirates Post", "NG": "NIPOST", "TH": "Thailand Post", "VN": "Vietnam Post"}

# -- people and companies ------------------------------------------------------------------------------------

# (first names, surnames); a name in another script is written after the Latin one, in brackets.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "namibian": (
        ("Johannes", "Petrus", "Festus", "Immanuel", "Hilma", "Selma", "Ndapewa", "Tangeni", "Frieda", "Martha",
         "Ndeshipanda", "Nangula", "Simon", "Elias", "Abner", "Vetumbuavi", "Uerikua", "Kaitira", "Jafet", "Ruusa",
         "Loide", "Paulus", "Tuyeni", "Lazarus", "Hendrik", "Gert", "Anna", "Magdalena", "Katrina", "Wilhelm",
         "Ndinelago", "Panduleni", "Mbangu", "Likando", "Hafeni", "Rauha", "Ottilie", "Gottlieb"),
        ("Shikongo", "Amupolo", "Nghidinwa", "Haufiku", "Iipinge", "Shilongo", "Nakale", "Kapenda", "Tjiriange",
         "Kandjii", "Hoebeb", "Gaseb", "van Wyk", "du Plessis", "Schmidt", "Mouton", "Amutenya", "Nangolo",
         "Ndjavera", "Katjiuongua", "Goagoseb", "Kaulinge", "Kamati", "Shipanga", "Nekongo", "Tjituka", "Uirab",
         "Garoeb", "Beukes", "Coetzee", "Swartbooi", "Shaanika", "Hamunyela", "Mwilima", "Simasiku", "Lubinda",
         "Muyunda", "Haingura", "Mbambo", "Kasera", "Shindimba", "Nashandi", "Ekandjo", "Platt", "Visser")),
    "southern": (
        ("Sipho", "Thabo", "Nomsa", "Bongani", "Lerato", "Themba", "Mpho", "Zanele", "Kagiso", "Tshepo", "Lindiwe",
         "Mandla", "Palesa", "Tendai", "Tatenda", "Farai", "Chipo", "Mulenga", "Chanda", "Bwalya", "Kabelo",
         "Onalenna", "Pieter", "Johan", "Willem", "Precious", "Blessing", "Gift"),
        ("Dlamini", "Mokoena", "Khumalo", "Nkosi", "Molefe", "Ndlovu", "Sithole", "Mahlangu", "Zulu",
         "van der Merwe", "Botha", "Pretorius", "Moyo", "Ncube", "Mutasa", "Phiri", "Banda", "Mwale", "Tembo",
         "Mulenga", "Motsumi", "Kgosi", "Naidoo", "Chirwa", "Sibanda", "Mthembu")),
    "lusophone": (
        ("João", "António", "José", "Manuel", "Domingos", "Francisco", "Joaquim", "Fernando", "Paulo", "Armando",
         "Helena", "Conceição", "Ana", "Maria", "Fátima", "Luísa", "Inês", "Rodrigo", "Thiago", "Lucas", "Luana",
         "Juliana", "Bruno", "Felipe", "Edson", "Adilson", "Celestino"),
        ("da Silva", "dos Santos", "Fernandes", "Tavares", "Gonçalves", "Pereira", "Costa", "Sousa", "Mendes",
         "Lopes", "Cardoso", "Macuácua", "Nhantumbo", "Sitoe", "Muianga", "Cossa", "Mabunda", "Kiala", "Lukamba",
         "Chipenda", "Oliveira", "Lima", "Rodrigues", "Almeida", "Carvalho", "Ribeiro", "Neto", "Sebastião")),
    "west": (
        ("Chukwuemeka", "Ifeanyi", "Oluwaseun", "Babatunde", "Musa", "Aminu", "Ngozi", "Chiamaka", "Kwame", "Kofi",
         "Ama", "Yaw", "Emeka", "Tunde", "Aisha", "Ibrahim", "Samuel", "Godwin", "Chinedu", "Funmilayo"),
        ("Okafor", "Eze", "Adeyemi", "Balogun", "Abubakar", "Bello", "Okonkwo", "Nwachukwu", "Mensah", "Asante",
         "Boateng", "Owusu", "Adebayo", "Ogunleye", "Danjuma", "Okeke", "Obi", "Ibekwe", "Onyekachi", "Agyeman")),
    "francophone": (
        ("Mamadou", "Ousmane", "Aïssatou", "Moussa", "Fatoumata", "Cheikh", "Abdoulaye", "Jean-Pierre",
         "Jean-Claude", "Serge", "Blaise", "Grâce", "Prosper", "Patrice", "Hervé", "Aminata"),
        ("Diallo", "Sow", "Ba", "Traoré", "Diop", "Ndiaye", "Koné", "Coulibaly", "Camara", "Mukendi", "Tshibangu",
         "Ilunga", "Mbuyi", "Kabongo", "Nkongolo", "Ngono", "Essomba", "Fotso", "Mbarga", "Kouassi", "N'Guessan",
         "Ouédraogo")),
    "east": (
        ("Wanjiru", "Otieno", "Juma", "Abdi", "Tesfaye", "Alemu", "Baraka", "Halima", "Wambui", "Kipchoge", "Njeri",
         "Mwanaisha", "Hamisi", "Yohannes", "Selam", "Dawit", "Mehari", "Faith", "Brian"),
        ("Kamau", "Odhiambo", "Mwangi", "Hassan", "Bekele", "Girma", "Mrisho", "Said", "Omondi", "Kiprono",
         "Mohamed", "Mutua", "Wekesa", "Haile", "Tadesse", "Kassa", "Mbwana", "Okello", "Ssemakula", "Mugisha")),
    "arabic": (
        ("Mohammed [محمد]", "Ahmed [أحمد]", "Omar [عمر]", "Youssef [يوسف]", "Khalid [خالد]", "Hassan [حسن]",
         "Ali [علي]", "Ibrahim [إبراهيم]", "Fatima [فاطمة]", "Mariam [مريم]", "Abdullah [عبد الله]",
         "Tariq [طارق]", "Samir [سمير]", "Karim [كريم]", "Nadia [نادية]", "Layla [ليلى]"),
        ("Al-Hashimi [الهاشمي]", "Al-Mansouri [المنصوري]", "Khalil [خليل]", "Haddad [حداد]", "Nasser [ناصر]",
         "El Amrani [العمراني]", "Benali [بن علي]", "Saleh [صالح]", "Al-Zahrani [الزهراني]", "Farouk [فاروق]",
         "Mahmoud [محمود]", "Abdelaziz [عبد العزيز]", "Qasim [قاسم]", "Al-Rashid [الراشد]")),
    "chinese": (
        ("Wei [伟]", "Min [敏]", "Jing [静]", "Lei [磊]", "Jun [军]", "Yang [洋]", "Yong [勇]", "Jie [杰]",
         "Tao [涛]", "Ming [明]", "Chao [超]", "Xiuying [秀英]", "Hua [华]", "Fang [芳]", "Hao [浩]",
         "Qiang [强]", "Ping [平]", "Gang [刚]", "Xin [鑫]", "Lin [琳]"),
        ("Wang [王]", "Li [李]", "Zhang [张]", "Liu [刘]", "Chen [陈]", "Yang [杨]", "Huang [黄]", "Zhao [赵]",
         "Wu [吴]", "Zhou [周]", "Xu [徐]", "Sun [孙]", "Ma [马]", "Zhu [朱]", "Hu [胡]", "Guo [郭]", "Lin [林]",
         "He [何]", "Gao [高]", "Luo [罗]")),
    "vietnamese": (
        ("Văn Hùng", "Thị Mai", "Thị Lan", "Văn Tuấn", "Đức Dũng", "Minh Hải", "Văn Long", "Văn Nam", "Thị Hương",
         "Thị Thảo", "Minh Quang", "Đức Anh"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ")),
    "south_asian": (
        ("Rajesh", "Priya", "Suresh", "Anil", "Sunita", "Vikram", "Deepak", "Imran", "Farhan", "Abdul Rahman",
         "Ayesha", "Nasir", "Kamal", "Ravi", "Arjun", "Harpreet", "Gurpreet", "Sanjay", "Mohammed Imran"),
        ("Kumar", "Sharma", "Patel", "Mehta", "Singh", "Gupta", "Reddy", "Iyer", "Sheikh", "Qureshi", "Khan",
         "Chowdhury", "Rahman", "Hossain", "Perera", "Fernando", "Desai", "Malik", "Joshi")),
    "latin": (
        ("Juan Carlos", "Andrés", "Luis", "Diego", "Carlos", "María José", "Camila", "Alejandro", "Jhon", "Sebastián"),
        ("Rodríguez", "Gómez", "Martínez", "López", "Hernández", "Ramírez", "Quispe", "Mamani", "Torres", "Vargas",
         "Castillo", "Restrepo", "Zambrano")),
    "german": (("Klaus", "Hans-Peter", "Jürgen", "Anke", "Uwe", "Stefan", "Sabine", "Dieter", "Katrin"),
               ("Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Schäfer", "Krüger")),
    "dutch": (("Jeroen", "Bram", "Sanne", "Pieter", "Sofie", "Wouter", "Lotte", "Joost"),
              ("de Vries", "Jansen", "Bakker", "van Dijk", "Claes", "Peeters", "Visser", "Janssens", "Smits")),
    "french": (("Jean-Luc", "Sophie", "Nicolas", "Isabelle", "Thierry", "Camille", "Olivier", "Élodie"),
               ("Martin", "Laurent", "Bernard", "Dubois", "Moreau", "Lefèvre", "Girard", "Rousseau")),
    "british": (("James", "Emma", "David", "Sarah", "Michael", "Rebecca", "Gareth", "Siobhan"),
                ("Whitfield", "Clarke", "Thompson", "Hughes", "Evans", "O'Brien", "Walker", "Pritchard")),
    "slavic": (("Dmitri [Дмитрий]", "Sergei [Сергей]", "Alexei [Алексей]", "Andrei [Андрей]", "Igor [Игорь]",
                "Viktor [Виктор]"),
               ("Volkov [Волков]", "Ivanov [Иванов]", "Petrov [Петров]", "Smirnov [Смирнов]",
                "Kuznetsov [Кузнецов]", "Sokolov [Соколов]", "Morozov [Морозов]")),
    "mediterranean": (("Marco", "Giuseppe", "Javier", "Lucía", "Giorgos", "Elena", "Mehmet", "Ayşe"),
                      ("Rossi", "Russo", "García", "Fernández", "Papadopoulos", "Ferrari", "Yılmaz", "Demir")),
}
CULTURE_OF: dict[str, str] = {
    **dict.fromkeys(("NA",), "namibian"),
    **dict.fromkeys(("ZA", "BW", "LS", "SZ", "ZW", "ZM", "MW"), "southern"),
    **dict.fromkeys(("AO", "MZ", "BR", "PT", "GW", "CV", "ST"), "lusophone"),
    **dict.fromkeys(("NG", "GH", "SL", "LR", "GM"), "west"),
    **dict.fromkeys(("SN", "CI", "ML", "GN", "CM", "CD", "CG", "BF", "NE", "TG", "BJ", "GA"), "francophone"),
    **dict.fromkeys(("KE", "TZ", "UG", "RW", "ET", "SO", "ER", "BI"), "east"),
    **dict.fromkeys(("AE", "SA", "EG", "LB", "SY", "MA", "DZ", "TN", "OM", "QA", "YE", "JO", "SD", "IQ"), "arabic"),
    **dict.fromkeys(("CN", "HK", "TW", "SG", "MY"), "chinese"),
    **dict.fromkeys(("VN", "LA"), "vietnamese"),
    **dict.fromkeys(("IN", "PK", "BD", "LK", "NP", "AF", "IR"), "south_asian"),
    **dict.fromkeys(("CO", "PE", "EC", "BO", "VE", "MX"), "latin"),
    **dict.fromkeys(("DE", "AT", "CH"), "german"), **dict.fromkeys(("NL", "BE"), "dutch"),
    **dict.fromkeys(("FR", "LU"), "french"), **dict.fromkeys(("GB", "IE", "US", "CA", "AU", "NZ"), "british"),
    **dict.fromkeys(("RU", "UA", "BY", "PL", "CZ"), "slavic"), **dict.fromkeys(("IT", "ES", "GR", "TR", "CY"),
                                                                                "mediterranean"),
}
COMPANY_FORMS: dict[str, tuple[str, ...]] = {
    "NA": ("CC", "(Pty) Ltd", "CC", "Investments CC"), "ZA": ("(Pty) Ltd",), "BW": ("(Pty) Ltd",),
    "ZM": ("Ltd", "Limited"), "ZW": ("(Pvt) Ltd",), "AO": ("Lda", "Comércio Geral, Lda"), "MZ": ("Lda",),
    "BR": ("Ltda", "Comércio Exterior Ltda"), "PT": ("Lda",), "CN": ("Co., Ltd", "Trading Co., Ltd"),
    "HK": ("Limited", "Trading Limited"), "AE": ("General Trading LLC", "FZE", "LLC"),
    "IN": ("Pvt Ltd", "Exports Pvt Ltd"),
    "NG": ("Nigeria Ltd", "Ltd"), "KE": ("Ltd",), "TZ": ("Ltd",), "DE": ("GmbH",), "NL": ("B.V.",), "BE": ("BV",),
    "FR": ("SARL", "SAS"), "GB": ("Ltd",), "US": ("LLC", "Inc."), "VN": ("Trading Co., Ltd",), "MY": ("Sdn Bhd",),
    "SG": ("Pte Ltd",), "TR": ("Dış Ticaret Ltd. Şti.",), "JP": ("Co., Ltd",), "CD": ("SARL",), "CM": ("SARL",),
}
COMPANY_WORDS: dict[str, tuple[str, ...]] = {
    "NA": ("Kalahari", "Namib", "Erongo", "Oshana", "Etosha", "Kunene", "Zambezi", "Kavango", "Hardap", "Omaheke",
           "Brandberg", "Okavango", "Swakop", "Skeleton Coast", "Welwitschia", "Desert Rose", "Sossus", "Otavi",
           "Ongwediva", "Tsumeb", "Khomas", "Dune Seven"),
    "ZA": ("Highveld", "Limpopo", "Cape", "Karoo", "Drakensberg", "Ubuntu", "Table Bay", "Vaal", "Bushveld"),
    "CN": ("Guangzhou Huaxing", "Shenzhen Jinlong", "Yiwu Tianyi", "Ningbo Hongda", "Xiamen Fuxing",
           "Foshan Baiyun", "Shanghai Longsheng"),
    "AE": ("Al Noor", "Al Baraka", "Gulf Star", "Emirates Link", "Desert Falcon", "Al Madina", "Royal Crown"),
    "IN": ("Shree Ganesh", "Sai Balaji", "Bharat", "Lakshmi", "Sun Pharma-Chem", "Alpha Overseas"),
    "AO": ("Kwanza", "Lobito", "Benguela", "Sol Nascente", "Estrela do Sul", "Boa Esperança"),
    "ZM": ("Copperbelt", "Kafue", "Luangwa", "Chambeshi"), "BW": ("Okavango", "Kgalagadi", "Chobe"),
}
GENERIC_COMPANY_WORDS = ("Global", "Atlantic", "Golden Eagle", "Greenfield", "Oceanic", "Goodwill", "Royal Star",
                         "Unity", "Horizon", "Summit", "Pioneer", "Silverline")
ACTIVITIES = ("Trading", "General Dealers", "Logistics", "Clearing and Forwarding", "Import and Export", "Haulage",
              "Transport", "Wholesalers", "Auto Spares", "Enterprises", "Electronics", "Textiles", "Distributors",
              "Freight", "Holdings", "Commodities")

# -- what is seized ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Goods:
    """One kind of seized goods: how it is described, measured, valued, carried and routed."""

    key: str
    category: str
    weight: float
    hs: tuple[str, ...]
    descriptions: tuple[str, ...]
    unit: str
    sizes: tuple[float, float, float]  # median quantity for small (passenger, post), medium (road) and large (ship)
    price: tuple[float, float]  # US dollars per unit, low and high
    modes: Mapping[str, float]
    route: str
    sigma: float = 1.0
    decimals: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


SMALL = {"air_passenger": 0, "pedestrian": 0, "postal": 0, "express_courier": 0, "road": 1, "rail": 1,
         "air_cargo": 1, "sea_other": 1, "sea_container": 2}
# Typical modes for goods carried by passengers, over land, by sea, or in the post.
M_AIR: dict[str, float] = {"air_passenger": 45, "air_cargo": 10, "express_courier": 5, "postal": 3, "road": 25,
                           "sea_container": 12}
M_LAND: dict[str, float] = {"road": 60, "pedestrian": 12, "rail": 3, "air_passenger": 10, "sea_container": 8,
                            "postal": 4, "express_courier": 3}
M_SEA: dict[str, float] = {"sea_container": 55, "road": 25, "air_cargo": 8, "express_courier": 6, "postal": 3,
                           "rail": 3}
M_POST: dict[str, float] = {"postal": 35, "express_courier": 30, "air_passenger": 15, "air_cargo": 10, "road": 10}

CIGARETTE_BRANDS = ("Remington Gold", "Pacific Blue", "Chelsea", "Kingsgate", "Savannah", "Dunhill", "Marlboro",
                    "Pall Mall", "Gold Seal", "Manchester", "Oris", "Sahawi", "Yes", "Madison")
GOODS: tuple[Goods, ...] = (
    # drugs
    Goods("cannabis", "drugs", 40, ("121190", "1211"),
          ("dagga (cannabis herb) in compressed blocks", "cannabis herb in plastic bags", "dried cannabis in bales",
           "vacuum-sealed cannabis buds", "cannabis herb wrapped in newspaper"), "kg", (0.6, 25, 800), (40, 150),
          {"road": 55, "pedestrian": 12, "air_passenger": 6, "postal": 5, "express_courier": 3, "sea_container": 4,
           "rail": 3, "sea_other": 2, "air_cargo": 2}, "cannabis", 1.1, 2, {"drug_type": "cannabis_herb"}),
    Goods("resin", "drugs", 3, ("130190", "1301"), ("cannabis resin (hashish) slabs", "hashish in soap-bar form"), "kg",
          (0.2, 3, 200), (1000, 4000), M_SEA, "resin", 1.0, 2, {"drug_type": "cannabis_resin"}),
    Goods("cocaine", "drugs", 14, ("293972", "2939"),
          ("cocaine hydrochloride in bricks", "cocaine powder in bricks stamped with a logo",
           "white powder that tested positive for cocaine", "cocaine in vacuum-packed bricks",
           "cocaine dissolved in bottles of liquor"), "kg", (0.9, 4, 150), (25000, 60000),
          {"air_passenger": 45, "sea_container": 30, "air_cargo": 6, "express_courier": 6, "postal": 3, "road": 10},
          "cocaine", 1.0, 3, {"drug_type": "cocaine"}),
    Goods("heroin", "drugs", 6, ("293911", "2939"), ("brown heroin powder", "heroin in compressed blocks"), "kg",
          (0.4, 3, 60), (15000, 40000), M_AIR, "heroin", 1.0, 3, {"drug_type": "heroin"}),
    Goods("meth", "drugs", 8, ("293945", "2939"),
          ("crystal methamphetamine (tik)", "methamphetamine crystals in plastic bags", "crystal meth in tea packets"),
          "kg", (0.2, 2, 40), (10000, 30000), M_LAND, "meth", 1.1, 3, {"drug_type": "methamphetamine"}),
    Goods("mandrax", "drugs", 8, ("293355", "2933"),
          ("methaqualone (Mandrax) tablets", "Mandrax tablets stamped with a logo"), "pieces",
          (300, 8000, 250000), (2, 6), M_LAND, "mandrax", 1.2, 0, {"drug_type": "other"}),
    Goods("tramadol", "drugs", 6, ("300490", "3004"),
          ("tramadol 225 mg tablets without prescription", "tramadol capsules in unlabelled blister packs"), "pieces",
          (500, 50000, 1500000), (0.05, 0.3), M_POST, "tramadol", 1.3, 0, {"drug_type": "tramadol"}),
    Goods("khat", "drugs", 3, ("121190", "1211"), ("fresh khat (Catha edulis) leaves", "bundles of khat leaves"),
          "kg", (5, 60, 500), (10, 30), {"air_passenger": 40, "air_cargo": 40, "express_courier": 10, "road": 10},
          "khat", 0.9, 1, {"drug_type": "khat"}),
    Goods("mdma", "drugs", 3, ("293299", "2932"), ("MDMA (ecstasy) tablets", "ecstasy tablets in assorted colours"),
          "pieces", (50, 1500, 30000), (5, 20), M_POST, "mdma", 1.2, 0, {"drug_type": "mdma"}),
    Goods("ketamine", "drugs", 1, ("292239", "2922"), ("ketamine hydrochloride powder",), "kg", (0.2, 2, 20),
          (5000, 15000), M_POST, "synthetic", 1.0, 3, {"drug_type": "ketamine"}),
    Goods("amphetamine", "drugs", 1, ("292146", "2921"), ("amphetamine sulphate paste",), "kg", (0.2, 2, 30),
          (3000, 10000), M_POST, "synthetic", 1.0, 3, {"drug_type": "amphetamine"}),
    Goods("captagon", "drugs", 0.5, ("293951", "2939"), ("Captagon (fenetylline) tablets",), "pieces",
          (200, 20000, 500000), (3, 15), M_SEA, "synthetic", 1.2, 0, {"drug_type": "captagon"}),
    Goods("fentanyl", "drugs", 0.3, ("293333", "2933"), ("fentanyl powder",), "g", (5, 100, 1000), (30, 80), M_POST,
          "synthetic", 1.0, 1, {"drug_type": "fentanyl"}),
    Goods("opium", "drugs", 0.5, ("130211", "1302"), ("raw opium",), "kg", (0.5, 5, 50), (2000, 6000), M_AIR,
          "heroin", 1.0, 2, {"drug_type": "opium"}),
    Goods("nps", "drugs", 1, ("293299", "2932"), ("synthetic cannabinoid herbal mixture (spice)",), "kg",
          (0.1, 2, 30), (2000, 8000), M_POST, "synthetic", 1.0, 3, {"drug_type": "nps"}),
    # precursors and chemicals
    Goods("ephedrine", "precursors", 30, ("293941", "2939"),
          ("ephedrine hydrochloride powder", "ephedrine declared as food additive"), "kg", (1, 25, 500), (400, 3000),
          M_SEA, "precursors", 1.1, 1),
    Goods("pseudoephedrine", "precursors", 15, ("293942", "2939"), ("pseudoephedrine hydrochloride",), "kg",
          (1, 20, 400), (400, 2500), M_SEA, "precursors", 1.1, 1),
    Goods("acetic_anhydride", "precursors", 10, ("291524", "2915"), ("acetic anhydride in drums",), "l",
          (20, 400, 8000), (2, 6), M_SEA, "precursors", 1.0, 0),
    Goods("permanganate", "precursors", 10, ("284161", "2841"), ("potassium permanganate",), "kg", (20, 500, 10000),
          (3, 8), M_SEA, "precursors", 1.0, 0),
    Goods("p2p", "precursors", 10, ("291431", "2914"), ("phenyl-2-propanone (P2P)",), "l", (5, 100, 2000),
          (50, 200), M_SEA, "precursors", 1.0, 0),
    Goods("pmk", "precursors", 10, ("293292", "2932"), ("PMK (3,4-MDP-2-P) declared as a cleaning agent",), "kg",
          (5, 100, 2000), (50, 300), M_SEA, "precursors", 1.0, 0),
    Goods("safrole", "precursors", 5, ("293294", "2932"), ("safrole-rich oil",), "l", (5, 200, 3000), (20, 80),
          M_SEA, "precursors", 1.0, 0),
    Goods("red_phosphorus", "precursors", 5, ("280470", "2804"), ("red phosphorus",), "kg", (1, 50, 1000),
          (20, 100), M_SEA, "precursors", 1.0, 1),
    Goods("acetone", "precursors", 5, ("291411", "2914"), ("undeclared acetone",), "l", (20, 1000, 20000),
          (0.5, 2), M_SEA, "precursors", 1.0, 0),
    # tobacco
    Goods("cigarettes", "tobacco", 70, ("240220", "2402"),
          ("'{brand}' cigarettes without tax stamps", "duty-unpaid '{brand}' cigarettes",
           "counterfeit '{brand}' cigarettes", "'{brand}' cigarettes in master cases",
           "undeclared '{brand}' cigarettes"), "cartons", (6, 400, 6000), (8, 20),
          {"road": 50, "pedestrian": 10, "air_passenger": 12, "sea_container": 18, "rail": 4, "sea_other": 2,
           "postal": 2, "express_courier": 2}, "cigarettes", 1.1, 0, {"brands": CIGARETTE_BRANDS}),
    Goods("shisha", "tobacco", 8, ("240311", "2403"), ("water pipe tobacco (shisha) '{brand}'",), "kg",
          (2, 80, 2000), (8, 20), M_SEA, "tobacco", 1.0, 1, {"brands": ("Al Fakher", "Nakhla", "Afzal", "Adalya")}),
    Goods("fine_cut", "tobacco", 6, ("240319", "2403"), ("fine-cut tobacco in pouches", "loose smoking tobacco"), "kg",
          (1, 50, 1500), (10, 30), M_LAND, "tobacco", 1.0, 1),
    Goods("leaf", "tobacco", 5, ("240110", "2401"), ("unmanufactured tobacco leaf in bales",), "kg",
          (50, 1500, 15000), (2, 5), {"road": 70, "rail": 10, "sea_container": 20}, "tobacco", 1.0, 0, {"open": True}),
    Goods("cigars", "tobacco", 2, ("240210", "2402"), ("'{brand}' cigars",), "pieces", (10, 300, 5000), (3, 15),
          M_AIR, "tobacco", 1.0, 0, {"brands": ("Cohiba", "Montecristo", "Romeo y Julieta")}),
    Goods("vapes", "tobacco", 5, ("854340", "8543"),
          ("disposable electronic cigarettes (vapes)", "vape devices with nicotine cartridges"), "pieces",
          (20, 2000, 40000), (2, 6), M_POST, "ecig", 1.1, 0),
    Goods("e_liquid", "tobacco", 2, ("240412", "2404"), ("e-liquid containing nicotine",), "l", (0.5, 20, 500),
          (20, 60), M_POST, "ecig", 1.0, 1),
    Goods("snuff", "tobacco", 2, ("240399", "2403"), ("snuff tobacco in tins",), "kg", (1, 30, 500), (10, 25), M_LAND,
          "tobacco", 1.0, 1),
    # alcohol
    Goods("whisky", "alcohol", 25, ("220830", "2208"), ("'{brand}' whisky in 750 ml bottles", "'{brand}' whisky"), "l",
          (3, 200, 15000), (8, 25), M_LAND, "alcohol", 1.1, 1,
          {"brands": ("Johnnie Walker", "Jameson", "Jack Daniel's", "Chivas Regal", "Grant's", "Bell's", "J&B")}),
    Goods("vodka", "alcohol", 12, ("220860", "2208"), ("'{brand}' vodka",), "l", (3, 200, 12000), (4, 12), M_LAND,
          "alcohol", 1.1, 1, {"brands": ("Smirnoff", "Absolut", "Russian Bear", "Count Pushkin")}),
    Goods("gin", "alcohol", 8, ("220850", "2208"), ("'{brand}' gin",), "l", (3, 150, 8000), (5, 14), M_LAND,
          "alcohol", 1.1, 1, {"brands": ("Gordon's", "Bombay Sapphire", "Beefeater", "Tanqueray")}),
    Goods("brandy", "alcohol", 10, ("220820", "2208"), ("'{brand}' brandy",), "l", (3, 150, 8000), (5, 15), M_LAND,
          "alcohol", 1.1, 1, {"brands": ("Klipdrift", "Richelieu", "Viceroy", "Hennessy")}),
    Goods("beer", "alcohol", 15, ("220300", "2203"), ("'{brand}' beer in cans", "'{brand}' beer in returnable bottles"),
          "l", (10, 800, 20000), (1, 3), M_LAND, "alcohol", 1.1, 0,
          {"brands": ("Cuca", "Nocal", "Castle Lager", "Carling Black Label", "Heineken")}),
    Goods("wine", "alcohol", 8, ("220421", "2204"), ("bottled red wine", "wine in 5-litre boxes"), "l",
          (5, 300, 15000), (2, 8), M_LAND, "alcohol", 1.0, 0),
    Goods("ethanol", "alcohol", 8, ("220710", "2207"), ("undenatured ethyl alcohol (96 %) in drums",), "l",
          (20, 2000, 25000), (0.8, 2), {"road": 60, "sea_container": 35, "rail": 5}, "ethanol", 1.0, 0),
    Goods("spirits", "alcohol", 10, ("220890", "2208"), ("unlabelled spirits in 20-litre jerry cans",), "l",
          (5, 300, 5000), (1, 4), {"road": 70, "pedestrian": 30}, "alcohol", 1.0, 0),
    Goods("liqueur", "alcohol", 4, ("220870", "2208"), ("'{brand}' cream liqueur",), "l", (3, 100, 4000), (8, 20),
          M_LAND, "alcohol", 1.0, 1, {"brands": ("Amarula", "Baileys")}),
    # CITES / wildlife
    Goods("ivory", "cites", 22, ("050710", "0507"), ("elephant ivory ({count} tusk{s})", "raw ivory ({count} piece{s})",
                                                     "elephant tusk{s} wrapped in sacking ({count})"), "kg",
          (4, 60, 900), (300, 1100), {"air_passenger": 25, "air_cargo": 10, "road": 35, "sea_container": 30},
          "ivory", 0.9, 1, {"species": (("Loxodonta africana", "African elephant", "I*"),), "per_piece": 8}),
    Goods("worked_ivory", "cites", 6, ("960110", "9601"),
          ("carved ivory bangles and chopsticks", "ivory carvings (figurines)", "ivory name seals (hanko)"), "pieces",
          (3, 40, 1200), (50, 400), M_POST, "ivory", 1.0, 0,
          {"species": (("Loxodonta africana", "African elephant", "I*"),)}),
    Goods("rhino_horn", "cites", 14, ("050790", "0507"),
          ("rhino horn ({count} horn{s})", "rhino horn pieces wrapped in foil", "rhino horn cut into discs"), "kg",
          (1.5, 8, 40), (15000, 60000), {"air_passenger": 45, "road": 40, "air_cargo": 5, "express_courier": 5,
                                         "sea_container": 5}, "rhino", 0.8, 2,
          {"species": (("Ceratotherium simum", "white rhinoceros", "I"), ("Diceros bicornis", "black rhinoceros", "I")),
           "per_piece": 2.5}),
    Goods("pangolin_scales", "cites", 12, ("050790", "0507"),
          ("pangolin scales in sacks", "pangolin scales declared as cashew nuts", "dried pangolin scales"), "kg",
          (2, 50, 4000), (100, 600), {"sea_container": 40, "air_cargo": 20, "air_passenger": 25, "road": 15},
          "pangolin", 1.3, 1, {"species": (("Smutsia temminckii", "Temminck's ground pangolin", "P"),
                                           ("Phataginus tricuspis", "white-bellied pangolin", "P"),
                                           ("Smutsia gigantea", "giant pangolin", "P"))}),
    Goods("live_pangolin", "cites", 8, ("010619", "0106"), ("live pangolin in a bag", "live pangolin in a crate"),
          "heads", (1, 1, 3), (2000, 8000), {"road": 90, "pedestrian": 10}, "pangolin_live", 0.3, 0,
          {"species": (("Smutsia temminckii", "Temminck's ground pangolin", "P"),)}),
    Goods("parrots", "cites", 3, ("010632", "0106"), ("live African grey parrots in crates",), "heads",
          (2, 40, 300), (300, 1500), {"air_cargo": 40, "air_passenger": 20, "road": 40}, "parrots", 0.9, 0,
          {"species": (("Psittacus erithacus", "African grey parrot", "P"),)}),
    Goods("leopard_skins", "cites", 4, ("430180", "4301"), ("leopard skins", "leopard skin and claws"),
          "pieces", (1, 3, 20), (500, 3000), {"road": 60, "air_passenger": 30, "postal": 10}, "skins", 0.7, 0,
          {"species": (("Panthera pardus", "leopard", "I"),)}),
    Goods("lion_bones", "cites", 3, ("050690", "0506"), ("lion bones and skulls",), "kg", (5, 100, 1500),
          (50, 200), {"road": 50, "air_cargo": 30, "air_passenger": 20}, "lion_bones", 1.0, 1,
          {"species": (("Panthera leo", "lion", "II"),)}),
    Goods("cycads", "cites", 3, ("060290", "0602"), ("wild-harvested cycad stems",), "pieces", (1, 12, 80),
          (500, 5000), {"road": 60, "air_cargo": 20, "express_courier": 20}, "cycads", 0.9, 0,
          {"species": (("Encephalartos latifrons", "Albany cycad", "I"), ("Encephalartos woodii", "Wood's cycad", "I"),
                       ("Encephalartos horridus", "Eastern Cape blue cycad", "I"))}),
    Goods("timber", "cites", 6, ("440349", "4403"), ("rosewood logs in containers", "round logs declared as pine"),
          "m3", (1, 40, 600), (400, 1500), {"road": 55, "sea_container": 45}, "timber", 0.9, 1,
          {"species": (("Pterocarpus tinctorius", "mukula rosewood", "II"),
                       ("Dalbergia melanoxylon", "African blackwood", "II")), "open": True}),
    Goods("shark_fins", "cites", 3, ("030571", "0305"), ("dried shark fins",), "kg", (2, 150, 3000), (50, 300),
          {"sea_other": 40, "sea_container": 30, "air_cargo": 30}, "shark", 1.0, 1,
          {"species": (("Carcharhinus longimanus", "oceanic whitetip shark", "II"),
                       ("Sphyrna lewini", "scalloped hammerhead", "II"),
                       ("Isurus oxyrinchus", "shortfin mako", "II"))}),
    Goods("tortoises", "cites", 4, ("010620", "0106"), ("live tortoises in boxes",), "heads", (2, 20, 300),
          (50, 400), {"road": 50, "air_passenger": 30, "postal": 10, "air_cargo": 10}, "tortoises", 1.0, 0,
          {"species": (("Stigmochelys pardalis", "leopard tortoise", "II"), ("Psammobates tentorius", "tent tortoise",
                                                                            "II"))}),
    Goods("hoodia", "cites", 2, ("121190", "1211"), ("dried Hoodia stems",), "kg", (1, 30, 500), (20, 100),
          {"road": 40, "express_courier": 30, "air_cargo": 30}, "hoodia", 1.0, 1,
          {"species": (("Hoodia gordonii", "hoodia", "II"),)}),
    Goods("python_skins", "cites", 2, ("410320", "4103"), ("python skins",), "pieces", (2, 40, 400),
          (20, 120), M_POST, "skins", 1.0, 0, {"species": (("Python sebae", "African rock python", "II"),)}),
    # IPR / counterfeits
    Goods("tshirts", "ipr", 14, ("610910", "6109"), ("counterfeit '{brand}' T-shirts",), "pieces", (10, 800, 15000),
          (2, 8), M_SEA, "ipr", 1.1, 0, {"brands": ("Nike", "Adidas", "Puma", "Lacoste", "Tommy Hilfiger", "Gucci")}),
    Goods("jerseys", "ipr", 6, ("611030", "6110"), ("replica football jerseys bearing '{brand}' marks",), "pieces",
          (10, 500, 8000), (3, 10), M_SEA, "ipr", 1.1, 0, {"brands": ("Adidas", "Nike", "Puma")}),
    Goods("shoes", "ipr", 12, ("640411", "6404"), ("counterfeit '{brand}' sports shoes",), "pairs", (4, 400, 8000),
          (5, 20), M_SEA, "ipr", 1.1, 0, {"brands": ("Nike", "Adidas", "Puma", "New Balance", "Converse")}),
    Goods("handbags", "ipr", 8, ("420222", "4202"), ("counterfeit '{brand}' handbags",), "pieces", (2, 200, 4000),
          (10, 40), M_SEA, "ipr", 1.1, 0, {"brands": ("Louis Vuitton", "Gucci", "Chanel", "Michael Kors", "Prada")}),
    Goods("watches", "ipr", 6, ("910211", "9102"), ("counterfeit '{brand}' wrist-watches",), "pieces", (3, 150, 3000),
          (10, 60), M_POST, "ipr", 1.1, 0, {"brands": ("Rolex", "Omega", "Casio", "Tag Heuer")}),
    Goods("perfume", "ipr", 6, ("330300", "3303"), ("counterfeit '{brand}' perfume",), "pieces", (5, 300, 6000),
          (3, 12), M_SEA, "ipr", 1.1, 0, {"brands": ("Chanel", "Dior", "Hugo Boss", "Calvin Klein")}),
    Goods("cosmetics", "ipr", 6, ("330499", "3304"), ("counterfeit '{brand}' creams and lotions",), "pieces",
          (10, 500, 10000), (1, 5), M_SEA, "ipr", 1.1, 0, {"brands": ("Nivea", "L'Oréal", "Vaseline", "Dove")}),
    Goods("phones", "ipr", 8, ("851713", "8517"), ("counterfeit '{brand}' smartphones",), "pieces", (3, 200, 3000),
          (20, 80), M_POST, "ipr", 1.1, 0, {"brands": ("Apple", "Samsung")}),
    Goods("chargers", "ipr", 6, ("850440", "8504"), ("counterfeit '{brand}' chargers and cables",), "pieces",
          (10, 1000, 20000), (1, 4), M_SEA, "ipr", 1.1, 0, {"brands": ("Apple", "Samsung")}),
    Goods("brake_pads", "ipr", 5, ("870830", "8708"), ("counterfeit '{brand}' brake pads",), "pieces",
          (10, 500, 10000), (3, 12), M_SEA, "ipr", 1.0, 0, {"brands": ("Toyota", "Bosch", "Ferodo")}),
    Goods("oil_filters", "ipr", 4, ("842123", "8421"), ("counterfeit '{brand}' oil filters",), "pieces",
          (10, 600, 10000), (1, 5), M_SEA, "ipr", 1.0, 0, {"brands": ("Toyota", "Mann", "Bosch")}),
    Goods("medicines", "ipr", 6, ("300490", "3004"),
          ("falsified '{brand}' antimalarial tablets", "falsified '{brand}' tablets", "counterfeit '{brand}' syrup"),
          "pieces", (50, 5000, 200000), (0.1, 1), M_POST, "ipr_pharma", 1.2, 0,
          {"brands": ("Coartem", "Panado", "Viagra", "Augmentin")}),
    Goods("sunglasses", "ipr", 3, ("900410", "9004"), ("counterfeit '{brand}' sunglasses",), "pieces",
          (5, 400, 6000), (1, 5), M_SEA, "ipr", 1.0, 0, {"brands": ("Ray-Ban", "Oakley")}),
    Goods("batteries", "ipr", 4, ("850610", "8506"), ("counterfeit '{brand}' batteries",), "pieces",
          (20, 2000, 50000), (0.2, 1), M_SEA, "ipr", 1.0, 0, {"brands": ("Duracell", "Energizer", "Eveready")}),
    Goods("razor_blades", "ipr", 2, ("821220", "8212"), ("counterfeit '{brand}' razor blades",), "pieces",
          (20, 2000, 50000), (0.2, 1), M_SEA, "ipr", 1.0, 0, {"brands": ("Gillette",)}),
    Goods("detergent", "ipr", 2, ("340250", "3402"), ("counterfeit '{brand}' washing powder",), "kg",
          (10, 500, 12000), (1, 3), M_SEA, "ipr", 1.0, 0, {"brands": ("OMO", "Sunlight", "Ariel")}),
    Goods("toys", "ipr", 2, ("950300", "9503"), ("counterfeit '{brand}' toys",), "pieces", (10, 500, 10000), (1, 6),
          M_SEA, "ipr", 1.0, 0, {"brands": ("Disney", "Barbie", "Lego")}),
    # weapons and ammunition
    Goods("pistols", "weapons", 25, ("930200", "9302"),
          ("9 mm semi-automatic pistols", ".38 Special revolvers", "9 mm pistols with filed-off serial numbers"),
          "pieces",
          (1, 2, 20), (300, 1200), M_LAND, "weapons", 0.7, 0, {"weapon_type": "pistol"}),
    Goods("rifles", "weapons", 15, ("930330", "9303"),
          (".375 H&H hunting rifles with telescopic sights", ".303 rifles", ".458 hunting rifles with silencers"),
          "pieces",
          (1, 2, 10), (500, 3000), M_LAND, "weapons", 0.6, 0, {"weapon_type": "rifle"}),
    Goods("shotguns", "weapons", 5, ("930320", "9303"), ("12-gauge pump-action shotguns",), "pieces", (1, 2, 10),
          (300, 1000), M_LAND, "weapons", 0.6, 0, {"weapon_type": "shotgun"}),
    Goods("automatic", "weapons", 8, ("930190", "9301"),
          ("AK-47 type assault rifles", "automatic rifles with magazines"),
          "pieces", (1, 3, 30), (400, 1500), M_LAND, "weapons", 0.7, 0, {"weapon_type": "automatic"}),
    Goods("ammunition", "weapons", 25, ("930630", "9306"),
          ("9 mm cartridges", "7.62x39 mm rounds", ".375 H&H cartridges", "12-gauge shotgun shells"), "pieces",
          (20, 500, 20000), (0.5, 3), M_LAND, "weapons", 1.1, 0, {"weapon_type": "ammunition"}),
    Goods("gun_parts", "weapons", 6, ("930510", "9305"), ("pistol frames and slides", "firearm parts (barrels, bolts)"),
          "pieces", (1, 20, 300), (20, 200), M_POST, "weapons", 1.0, 0, {"weapon_type": "parts"}),
    Goods("explosives", "weapons", 4, ("360200", "3602"), ("commercial explosives (emulsion cartridges)",), "kg",
          (1, 50, 1000), (5, 20), {"road": 90, "rail": 10}, "explosives", 1.0, 1, {"weapon_type": "explosives"}),
    Goods("detonators", "weapons", 3, ("360360", "3603"), ("electric detonators",), "pieces", (5, 200, 3000),
          (2, 10), {"road": 90, "rail": 10}, "explosives", 1.0, 0, {"weapon_type": "explosives"}),
    Goods("bladed", "weapons", 6, ("930700", "9307"), ("knuckle-duster knives", "swords and bayonets"), "pieces",
          (1, 50, 1000), (5, 30), M_POST, "weapons", 1.0, 0, {"weapon_type": "bladed"}),
    Goods("air_guns", "weapons", 3, ("930400", "9304"), ("air pistols", "pepper-spray guns"), "pieces", (1, 20, 300),
          (30, 150), M_POST, "weapons", 1.0, 0, {"weapon_type": "other"}),
    # currency
    Goods("cash", "currency", 100, ("490700", "4907", ""),
          ("undeclared {currency} banknotes", "{currency} cash in {denomination} notes",
           "{currency} banknotes in bundles"), "pieces", (25000, 60000, 300000), (1, 1),
          {"air_passenger": 55, "road": 28, "pedestrian": 8, "express_courier": 5, "postal": 2, "sea_other": 2},
          "currency", 1.0, 0),
    # cultural goods
    Goods("masks", "cultural_goods", 25, ("970510", "9705"),
          ("Chokwe wooden mask", "Dan ceremonial mask", "Fang reliquary figure", "Kuba royal cup"), "pieces",
          (1, 5, 40), (2000, 30000), M_POST, "cultural", 0.9, 0),
    Goods("antiquities", "cultural_goods", 20, ("970610", "9706"),
          ("Nok terracotta figurine", "Ethiopian Orthodox illuminated manuscript", "Sao terracotta head"), "pieces",
          (1, 3, 20), (5000, 60000), M_POST, "cultural", 0.8, 0),
    Goods("rock_art", "cultural_goods", 10, ("970510", "9705"), ("rock art fragment with San engravings",), "pieces",
          (1, 2, 10), (3000, 20000), {"road": 60, "air_passenger": 40}, "cultural", 0.6, 0),
    Goods("meteorites", "cultural_goods", 20, ("970529", "9705"), ("Gibeon meteorite fragments",), "kg",
          (0.5, 20, 300), (100, 800), {"road": 40, "air_passenger": 30, "express_courier": 30}, "cultural", 1.0, 1),
    Goods("fossils", "cultural_goods", 10, ("970529", "9705"), ("Mesosaurus fossil in sandstone slab",), "pieces",
          (1, 3, 20), (1000, 10000), {"road": 50, "air_cargo": 50}, "cultural", 0.7, 0),
    Goods("bronzes", "cultural_goods", 10, ("970310", "9703"), ("Benin-style bronze plaque", "bronze statuette"),
          "pieces", (1, 3, 20), (3000, 40000), M_POST, "cultural", 0.8, 0),
    Goods("coins", "cultural_goods", 5, ("970531", "9705"), ("collection of old silver coins",), "pieces",
          (5, 100, 1500), (10, 200), M_POST, "cultural", 1.0, 0),
    # revenue and other
    Goods("fuel", "revenue_other", 25, ("271019", "2710"), ("diesel in jerry cans", "diesel in a modified fuel tank",
                                                             "petrol in drums"), "l",
          (40, 2000, 30000), (0.8, 1.2), {"road": 85, "pedestrian": 15}, "fuel", 1.0, 0),
    Goods("used_cars", "revenue_other", 12, ("870323", "8703"), ("undervalued used Toyota Corollas",
                                                                 "used vehicles declared below value"), "pieces",
          (1, 1, 12), (3000, 9000), {"sea_container": 40, "sea_other": 30, "road": 30}, "vehicles", 0.8, 0,
          {"open": True}),
    Goods("used_clothing", "revenue_other", 10, ("630900", "6309"), ("bales of second-hand clothing",), "kg",
          (20, 2000, 25000), (0.5, 1.5), M_SEA, "clothing_used", 1.0, 0, {"open": True}),
    Goods("diamonds", "revenue_other", 6, ("710231", "7102"), ("rough diamonds ({count} stone{s})",), "g",
          (0.5, 5, 50), (500, 3000), {"road": 50, "air_passenger": 40, "express_courier": 10}, "diamonds", 1.0, 2,
          {"offences": ("prohibited_restricted",), "per_piece": 0.3}),
    Goods("gold", "revenue_other", 5, ("710812", "7108"), ("unwrought gold bars", "gold nuggets and dust"), "kg",
          (0.2, 2, 30), (40000, 60000), {"air_passenger": 60, "road": 30, "express_courier": 10}, "gold", 1.0, 3,
          {"offences": ("prohibited_restricted", "smuggling")}),
    Goods("poultry", "revenue_other", 8, ("020714", "0207"), ("frozen chicken pieces without import permit",), "kg",
          (20, 2000, 26000), (1.5, 3), {"road": 60, "sea_container": 40}, "food", 1.0, 0, {"open": True}),
    Goods("sugar", "revenue_other", 6, ("170199", "1701"), ("undeclared white sugar",), "kg", (50, 3000, 30000),
          (0.4, 0.8), {"road": 80, "rail": 20}, "food", 1.0, 0, {"open": True}),
    Goods("copper", "revenue_other", 5, ("740400", "7404"), ("copper cable scrap, export not permitted",), "kg",
          (20, 2000, 25000), (4, 8), {"road": 50, "sea_container": 50}, "copper", 1.0, 0,
          {"offences": ("prohibited_restricted",), "open": True}),
    Goods("fish", "revenue_other", 5, ("030366", "0303"), ("frozen hake without export permit",), "kg",
          (50, 3000, 25000), (2, 4), {"sea_other": 60, "road": 20, "sea_container": 20}, "fish", 1.0, 0,
          {"open": True}),
    Goods("phones_undervalued", "revenue_other", 6, ("851713", "8517"),
          ("smartphones declared at a fraction of value",),
          "pieces", (5, 300, 5000), (80, 300), M_POST, "phones", 1.0, 0, {"open": True}),
)
CATEGORY_WEIGHTS = {"tobacco": 24, "drugs": 22, "ipr": 14, "alcohol": 10, "currency": 8, "cites": 7,
                    "revenue_other": 6, "weapons": 3.5, "precursors": 3, "cultural_goods": 1.5}
OFFENCES = {
    "drugs": {"smuggling": 70, "prohibited_restricted": 25, "misdeclaration_description": 5},
    "precursors": {"prohibited_restricted": 55, "misdeclaration_description": 35, "smuggling": 10},
    "tobacco": {"smuggling": 55, "misdeclaration_description": 20, "misdeclaration_quantity": 20,
                "ipr_infringement": 5},
    "alcohol": {"smuggling": 60, "misdeclaration_quantity": 20, "misdeclaration_value": 20},
    "cites": {"cites_violation": 90, "smuggling": 10},
    "ipr": {"ipr_infringement": 95, "misdeclaration_description": 5},
    "weapons": {"prohibited_restricted": 60, "smuggling": 40},
    "currency": {"undeclared_currency": 95, "other": 5},
    "cultural_goods": {"prohibited_restricted": 50, "smuggling": 40, "misdeclaration_description": 10},
    "revenue_other": {"misdeclaration_value": 40, "smuggling": 30, "misdeclaration_origin": 10,
                      "misdeclaration_quantity": 10, "misdeclaration_description": 10},
}

# Routes: (weight, departures, transit choices, destinations); "@" is the home country.
ROUTES: dict[str, tuple[tuple[float, str, tuple[str, ...], str], ...]] = {
    "cocaine": ((40, "BR", ("", "ZA", "AO", "ET", "QA", "ZA AO"), "@"), (15, "BR CO EC PE BO", ("", "ZA"), "@"),
                (20, "BR", ("@",), "BE NL PT ES DE"), (10, "@", ("",), "ZA BW AO"),
                (15, "BR CO", ("ET", "QA", "TR", "AO"), "@")),
    "heroin": ((50, "AF PK IR", ("TZ MZ ZA", "KE ZA", "MZ ZA", "AE ZA", "ET"), "@"), (20, "MZ TZ", ("ZA", ""), "@"),
               (15, "ZA", ("",), "@"), (15, "PK IN", ("AE", "QA", "ET"), "@")),
    "meth": ((45, "ZA", ("",), "@"), (20, "MZ NG", ("ZA", ""), "@"), (15, "MX NG", ("ET", "QA"), "@"),
             (20, "@", ("", "ZA"), "ZA BW AU NZ")),
    "mandrax": ((50, "ZA", ("",), "@"), (25, "IN CN", ("MZ ZA", "ZA", "AE"), "@"),
                (25, "MZ ZM", ("ZA", "BW", ""), "@")),
    "cannabis": ((45, "ZA LS SZ", ("", "ZA"), "@"), (25, "AO ZM MW", ("", "ZM"), "@"), (15, "@", ("",), "BW ZA AO"),
                 (15, "ZA MW", ("@",), "AO BW")),
    "resin": ((60, "MA", ("ES", "ZA", ""), "@"), (40, "PK AF", ("AE", "MZ"), "@")),
    "khat": ((70, "KE ET", ("ZA", ""), "@"), (30, "KE ET", ("@",), "ZA GB US")),
    "tramadol": ((60, "IN", ("AE", "", "ZA"), "@"), (40, "IN", ("@",), "AO ZM CD NG")),
    "mdma": ((60, "NL BE DE", ("", "ZA"), "@"), (40, "NL", ("ZA", "QA", "ET"), "@")),
    "synthetic": ((50, "CN IN", ("AE", "ZA", "ET"), "@"), (50, "NL DE", ("ZA", ""), "@")),
    "precursors": ((60, "CN IN", ("", "ZA", "AE", "SG"), "@"), (40, "CN IN", ("@",), "ZA MZ ZM")),
    "cigarettes": ((30, "ZW ZM", ("BW", "", "ZA"), "@"), (20, "ZA", ("",), "@"), (20, "AE", ("", "ZA", "OM"), "@"),
                   (10, "CN", ("", "SG", "AE"), "@"), (10, "AO", ("",), "@"), (10, "@", ("",), "BW ZA AO")),
    "tobacco": ((40, "AE IN", ("", "ZA"), "@"), (30, "ZW MW ZM", ("BW", ""), "@"), (30, "ZA", ("",), "@")),
    "ecig": ((70, "CN HK", ("", "ZA", "AE"), "@"), (30, "ZA", ("",), "@")),
    "alcohol": ((50, "ZA", ("",), "@"), (20, "AO", ("",), "@"), (15, "@", ("",), "AO BW ZM"),
                (15, "GB FR", ("ZA", ""), "@")),
    "ethanol": ((60, "ZA", ("",), "@"), (40, "BR IN", ("", "ZA"), "@")),
    "ivory": ((40, "AO ZM ZW BW CD CG CM MZ TZ", ("@",), "CN VN HK MY TH LA"), (30, "AO ZM BW", ("",), "@"),
              (20, "@", ("ZA", "ET", "QA", "AE", ""), "CN VN HK MY LA"), (10, "CD CG CM", ("ET", "KE", "QA"), "@")),
    "rhino": ((50, "@", ("ZA", "ET", "QA", "AE"), "VN CN MY LA"), (30, "ZA BW ZW", ("@",), "VN CN"),
              (20, "ZA", ("",), "@")),
    "pangolin": ((35, "ZW ZM BW", ("", "BW"), "@"), (40, "NG CM CD CG", ("@",), "CN VN MY"),
                 (25, "MZ UG ZM", ("@",), "CN VN")),
    "pangolin_live": ((60, "@", ("",), "@"), (40, "ZW ZM BW AO", ("",), "@")),
    "parrots": ((60, "CD CM CG", ("ZA", "ET", ""), "@"), (40, "CD CM", ("@",), "ZA AE")),
    "skins": ((50, "ZM AO ZW BW", ("",), "@"), (50, "@", ("ZA", ""), "CN DE US")),
    "lion_bones": ((70, "ZA", ("@",), "LA VN CN"), (30, "ZA BW", ("",), "@")),
    "cycads": ((60, "ZA", ("@",), "CN DE NL US"), (40, "ZA", ("",), "@")),
    "timber": ((60, "ZM AO CD", ("@",), "CN VN HK"), (40, "ZM AO", ("",), "@")),
    "shark": ((60, "@", ("ZA", "MU", ""), "HK CN"), (40, "AO ZA", ("@",), "HK CN")),
    "tortoises": ((60, "ZA @", ("",), "@"), (40, "@", ("ZA", "ET"), "CN TH MY")),
    "hoodia": ((60, "@", ("ZA", ""), "DE NL US CN"), (40, "ZA", ("@",), "DE US")),
    "ipr": ((45, "CN HK", ("", "SG", "MY", "AE", "ZA"), "@"), (20, "AE TR", ("", "ZA"), "@"),
            (20, "CN", ("@",), "AO ZM BW CD ZW"), (15, "IN VN TH MY", ("", "SG", "AE"), "@")),
    "ipr_pharma": ((60, "IN CN", ("", "AE", "ZA"), "@"), (40, "IN", ("@",), "AO ZM CD")),
    "currency": ((55, "@", ("", "ZA", "ET", "QA"), "AO ZA AE CN HK CD NG IN"), (25, "AO ZA ZM", ("",), "@"),
                 (20, "AO CD", ("@",), "ZA AE")),
    "weapons": ((40, "ZA", ("",), "@"), (30, "AO ZM", ("",), "@"), (20, "US CZ AT TR", ("ZA", "", "DE"), "@"),
                (10, "@", ("",), "AO ZM BW")),
    "explosives": ((70, "ZA", ("",), "@"), (30, "@", ("",), "AO ZM")),
    "cultural": ((40, "AO CD CM NG ML", ("@", "ZA"), "FR BE DE US CH"), (30, "@", ("ZA", ""), "DE US CN FR"),
                 (30, "ET NG CD", ("ZA", ""), "@")),
    "fuel": ((80, "AO", ("",), "@"), (20, "ZM", ("",), "@")),
    "vehicles": ((60, "JP", ("", "SG", "ZA"), "@"), (40, "JP GB", ("@",), "ZM BW ZW CD")),
    "clothing_used": ((70, "GB US DE", ("", "ZA"), "@"), (30, "GB US", ("@",), "AO ZM")),
    "diamonds": ((70, "@", ("ZA", "", "AE"), "BE AE IN ZA"), (30, "AO CD", ("", "ZA"), "@")),
    "gold": ((50, "ZM ZW CD", ("@",), "AE ZA"), (50, "@", ("ZA", ""), "AE")),
    "food": ((50, "ZA", ("",), "@"), (30, "BR US", ("", "ZA"), "@"), (20, "AO ZM", ("",), "@")),
    "copper": ((100, "@", ("ZA", ""), "CN IN AE"),),
    "fish": ((60, "@", ("",), "ES CN ZA"), (40, "AO", ("",), "@")),
    "phones": ((100, "CN AE HK", ("", "ZA"), "@"),),
}
LAND_MODES = frozenset({"road", "rail", "pedestrian"})
ORIGIN_COVERS = ("ZA", "MU", "EG", "MA", "KE", "GB")
PARCEL_COVERS = ("clothing", "documents", "spare parts", "cosmetics", "books", "phone accessories", "gifts",
                 "samples", "food items", "handicrafts")
COVER_GOODS = ("frozen fish", "bags of sugar", "bales of used clothing", "ceramic tiles", "tinned tomatoes",
               "household furniture", "coffee beans", "rice in 25 kg bags", "car tyres", "plastic household goods",
               "timber planks", "frozen chicken", "cement bags", "machinery parts", "fruit juice concentrate",
               "cashew nuts", "personal effects", "building materials")

# -- the case's story ------------------------------------------------------------------------------------------

DETECTION_BY_MODE: dict[str, dict[str, float]] = {
    "air_passenger": {"risk_profile": 30, "intelligence": 12, "detector_dog": 15, "xray": 18, "routine": 10,
                      "physical_examination": 8, "random": 7},
    "air_cargo": {"risk_profile": 30, "xray": 25, "detector_dog": 10, "document_check": 20, "intelligence": 10,
                  "physical_examination": 5},
    "sea_container": {"xray": 35, "risk_profile": 30, "intelligence": 15, "physical_examination": 10,
                      "document_check": 5, "detector_dog": 5},
    "sea_other": {"intelligence": 35, "routine": 30, "physical_examination": 20, "detector_dog": 10, "other": 5},
    "road": {"routine": 25, "physical_examination": 20, "detector_dog": 12, "intelligence": 15, "xray": 10,
             "random": 10, "risk_profile": 5, "other": 3},
    "rail": {"routine": 40, "physical_examination": 30, "intelligence": 20, "detector_dog": 10},
    "postal": {"xray": 45, "detector_dog": 20, "risk_profile": 20, "document_check": 10, "random": 5},
    "express_courier": {"xray": 35, "risk_profile": 30, "detector_dog": 15, "document_check": 15, "random": 5},
    "pedestrian": {"routine": 40, "physical_examination": 25, "random": 15, "intelligence": 15, "other": 5},
}
CONCEALMENT_BY_MODE: dict[str, dict[str, float]] = {
    "air_passenger": {"in_baggage": 60, "on_body": 25, "internal": 10, "other": 5},
    "air_cargo": {"in_cargo": 75, "false_compartment": 20, "other": 5},
    "sea_container": {"in_cargo": 65, "false_compartment": 25, "natural_cavity": 8, "other": 2},
    "sea_other": {"false_compartment": 40, "natural_cavity": 30, "in_cargo": 25, "other": 5},
    "road": {"in_cargo": 45, "false_compartment": 25, "natural_cavity": 15, "in_baggage": 10, "on_body": 5},
    "rail": {"in_cargo": 70, "natural_cavity": 20, "false_compartment": 10},
    "postal": {"in_postal_item": 100},
    "express_courier": {"in_postal_item": 85, "in_cargo": 15},
    "pedestrian": {"on_body": 55, "in_baggage": 40, "other": 5},
}
CONCEALMENT_TEXT: dict[str, tuple[str, ...]] = {
    "in_cargo": ("hidden among {cover}", "mixed with {cover}", "packed in the middle of a consignment of {cover}"),
    "false_compartment": ("in a false compartment {place}", "in a welded compartment {place}"),
    "natural_cavity": ("in the {cavity}",),
    "in_baggage": ("in the lining of a suitcase", "wrapped in clothing in checked luggage",
                   "in a suitcase with a false bottom", "in hand luggage", "in gift-wrapped boxes in the luggage"),
    "on_body": ("strapped to the body under loose clothing", "in a body belt", "in the underwear",
                "in the shoes and socks"),
    "internal": ("in {pellets} ingested pellets, recovered under medical supervision",),
    "in_postal_item": ("inside {item}",),
    "other": ("in a hollowed-out {object}", "inside food containers"),
}
FALSE_PLACES = {
    "sea_container": ("behind the front wall", "in the container floor", "in the refrigeration unit"),
    "road": ("behind the fuel tank", "in the roof lining", "under the load bed", "in a modified diesel tank",
             "in the spare wheel"),
    "air_cargo": ("in the base of a pallet", "in the walls of wooden crates"),
    "sea_other": ("in the engine room", "under the fish hold floor", "behind cabin panels"),
    "rail": ("under the wagon floor",),
}
CAVITIES = {
    "road": ("door panels", "chassis members", "air filter housing", "dashboard", "bumper", "wheel arches"),
    "sea_container": ("corner posts of the container", "cross members of the container floor", "door frame"),
    "sea_other": ("bilge", "ventilation ducts", "ballast tank"),
    "rail": ("wagon's chassis members", "brake housing"),
}
POSTAL_ITEMS = ("a hardcover book", "children's toys", "a pair of shoes", "cosmetic jars", "greeting cards",
                "a photo frame", "a speaker box", "tea tins", "a statuette")
HIDING_OBJECTS = ("fire extinguisher", "gas cylinder", "wooden carving", "loaf of bread", "paint tin")
DOGS = ("Rex", "Bella", "Shadow", "Kaiser", "Zara", "Duke", "Nala", "Simba", "Bruno", "Luna", "Tarzan", "Jessy")
PROFILES = ("route and travel pattern", "one-way ticket paid in cash", "consignee with no import history",
            "declared weight inconsistent with the goods", "high-risk origin", "new importer of sensitive goods",
            "frequent short trips", "late booking")
BAG_ANOMALIES = ("an organic mass in the checked bag", "dense blocks in the suitcase lining",
                 "objects strapped under the clothing on the body scanner")
ITEM_ANOMALIES = ("an organic mass inside the item", "dense objects inside the item",
                  "shapes inconsistent with the declared contents", "a false bottom in the bag")
ANOMALIES = ("an organic mass behind the front wall", "a density inconsistent with the declared goods",
             "irregular shapes within the cargo", "packages hidden in the floor", "dense blocks among the goods")
DOC_ISSUES = ("an invoice value far below the market price", "a packing list that did not match the invoice",
              "a certificate of origin that did not match the goods", "a consignee address that does not exist")
BEHAVIOUR = ("nervous behaviour during questioning", "a strong smell from the vehicle", "fresh welding marks")

STATUS_BY_AGE = ((30, {"draft": 35, "confirmed": 65}), (365, {"draft": 5, "confirmed": 85, "closed": 10}),
                 (100_000, {"draft": 1, "confirmed": 64, "closed": 35}))
HANDLING = {"H1": 45, "H2": 30, "H0": 15, "H3": 10}
SHARING = {"national": 40, "region": 30, "partners": 15, "international": 15}
OFFICER_RANKS = ("Customs Officer", "Senior Customs Officer", "Principal Customs Officer", "Customs and Excise Officer",
                 "Inspector")
MONTH_FACTOR = (1.05, 0.9, 0.95, 1.0, 0.95, 0.95, 1.05, 1.0, 0.95, 1.0, 1.1, 1.3)
WEEKDAY_FACTOR = (1.1, 1.1, 1.1, 1.1, 1.15, 0.8, 0.6)
USD_RATE_BY_YEAR = {2016: 14.7, 2017: 13.3, 2018: 13.2, 2019: 14.4, 2020: 16.5, 2021: 14.8, 2022: 16.4,
                    2023: 18.4, 2024: 18.3, 2025: 18.0}  # South African rand and Namibia dollar per US dollar
CURRENCY_RATES = {"USD": 1.0, "EUR": 0.9, "GBP": 0.78, "ZAR": 16.0, "NAD": 16.0, "AOA": 650.0, "CNY": 7.0,
                  "AED": 3.67, "BWP": 13.0, "ZMW": 20.0, "INR": 80.0, "KES": 130.0, "XOF": 600.0, "XAF": 600.0,
                  "NGN": 700.0}
DENOMINATIONS = {"USD": "100-dollar", "EUR": "500-euro and 200-euro", "GBP": "50-pound", "ZAR": "200-rand",
                 "NAD": "200-dollar", "AOA": "5,000-kwanza", "CNY": "100-yuan", "AED": "1,000-dirham",
                 "INR": "500-rupee", "NGN": "1,000-naira"}

# -- the administration ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Office:
    """A customs office: where it is, what traffic it sees, and which country its land border faces."""

    code: str
    short: str
    name: str
    place: str
    locode: str
    modes: Mapping[str, float]
    weight: float
    neighbour: str = ""
    court: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """What the generator needs to know about one administration."""

    country: str
    currency: str
    offices: tuple[Office, ...]
    police_drugs: str
    police_wildlife: str
    police: str
    wildlife_authority: str
    hospital: str
    courts: tuple[str, ...]
    roadblocks: tuple[str, ...]
    towns: tuple[str, ...]
    rail_carrier: str
    postal_operator: str


WDH_COURT = "Windhoek Magistrate's Court"
WVB_COURT = "Walvis Bay Magistrate's Court"
NAMIBIA = Profile(
    country="NA", currency="NAD",
    offices=(
        # UN/LOCODEs where the place has one; border posts without their own code leave it empty.
        Office("walvis_bay_port", "WBP", "Walvis Bay Port", "Container terminal, Namport", "NAWVB",
               {"sea_container": 80, "sea_other": 20}, 20, court=WVB_COURT),
        Office("walvis_bay_airport", "WBA", "Walvis Bay Airport", "Walvis Bay International Airport", "NAWVB",
               {"air_passenger": 85, "air_cargo": 15}, 3, court=WVB_COURT),
        Office("hosea_kutako_airport", "HKIA", "Hosea Kutako International Airport", "Arrivals and departures hall",
               "NAWDH", {"air_passenger": 75, "air_cargo": 25}, 18, court=WDH_COURT),
        Office("eros_airport", "ERS", "Eros Airport", "Windhoek Eros Airport, general aviation", "NAERS",
               {"air_passenger": 100}, 1.5, court=WDH_COURT),
        Office("windhoek_mail_centre", "WMC", "Windhoek Mail and Courier Centre", "NamPost mail centre, Windhoek",
               "NAWDH", {"postal": 60, "express_courier": 40}, 7, court=WDH_COURT),
        Office("windhoek_enforcement", "WEU", "Windhoek Customs Enforcement Unit", "Mobile team, Khomas Region",
               "NAWDH", {"road": 100}, 3, court=WDH_COURT),
        Office("luderitz_port", "LUD", "Lüderitz Port", "Lüderitz harbour", "NALUD",
               {"sea_other": 60, "sea_container": 40}, 2.5, court="Lüderitz Magistrate's Court"),
        Office("noordoewer", "NOO", "Noordoewer Border Post", "B1, Orange River bridge (border with South Africa)",
               "", {"road": 90, "pedestrian": 10}, 8, "ZA", "Karasburg Magistrate's Court"),
        Office("ariamsvlei", "ARI", "Ariamsvlei Border Post", "B3, border with South Africa (Nakop)", "",
               {"road": 85, "rail": 15}, 6, "ZA", "Karasburg Magistrate's Court"),
        Office("trans_kalahari", "TKB", "Trans-Kalahari Border Post", "Buitepos, B6 (border with Botswana, Mamuno)",
               "", {"road": 100}, 6, "BW", "Gobabis Magistrate's Court"),
        Office("oshikango", "OSH", "Oshikango Border Post", "B1, border with Angola (Santa Clara)", "",
               {"road": 70, "pedestrian": 30}, 12, "AO", "Eenhana Magistrate's Court"),
        Office("katima_mulilo", "KMB", "Katima Mulilo Border Post", "Wenela, border with Zambia (Sesheke)", "",
               {"road": 80, "pedestrian": 20}, 5, "ZM", "Katima Mulilo Magistrate's Court"),
        Office("ngoma", "NGO", "Ngoma Border Post", "Ngoma bridge, border with Botswana (Kasane)", "",
               {"road": 100}, 3, "BW", "Katima Mulilo Magistrate's Court"),
        Office("oranjemund", "ORM", "Oranjemund Customs Office", "Oranjemund, mining area exit", "NAOMD",
               {"road": 90, "air_passenger": 10}, 0.5, court="Oranjemund Periodical Court"),
        Office("rundu", "RUN", "Rundu Customs Office", "Katwitwi crossing (border with Angola, Calai)", "",
               {"road": 60, "pedestrian": 40}, 3, "AO", "Rundu Magistrate's Court"),
    ),
    police_drugs="NAMPOL Drug Law Enforcement Unit", police_wildlife="NAMPOL Protected Resources Division",
    police="NAMPOL", wildlife_authority="the Ministry of Environment, Forestry and Tourism",
    hospital="Windhoek Central Hospital",
    courts=("Windhoek Magistrate's Court", "Walvis Bay Magistrate's Court", "Oshakati Magistrate's Court",
            "Katima Mulilo Magistrate's Court", "Keetmanshoop Magistrate's Court", "Karasburg Magistrate's Court"),
    roadblocks=("the B1 near Okahandja", "the B2 near Karibib", "the B6 near Gobabis", "the B1 near Otjiwarongo",
                "the B1 near Mariental", "the C28 near Walvis Bay", "the B8 near Rundu"),
    towns=("Windhoek", "Walvis Bay", "Swakopmund", "Oshakati", "Ondangwa", "Rundu", "Katima Mulilo",
           "Keetmanshoop", "Otjiwarongo", "Lüderitz", "Gobabis", "Tsumeb"),
    rail_carrier="TransNamib", postal_operator="NamPost",
)
CURRENCY_OF = {"NA": "NAD", "ZA": "ZAR", "BW": "BWP", "ZM": "ZMW", "AO": "AOA", "KE": "KES", "NG": "NGN",
               "SN": "XOF", "CI": "XOF", "CM": "XAF", "GB": "GBP", "US": "USD", "IN": "INR", "CN": "CNY",
               "AE": "AED", **dict.fromkeys(("FR", "DE", "BE", "NL", "PT", "ES", "IT", "AT", "IE"), "EUR")}


@cache
def profile(country: str) -> Profile:
    """Return the generator's profile of an administration (a generic one outside Namibia)."""
    country = country.upper()
    if country == "NA":
        return NAMIBIA
    if pycountry.countries.get(alpha_2=country) is None:
        raise ValueError(f"unknown country code {country!r}")
    name = country_name(country)
    prefix = country.lower()
    offices = (
        Office(f"{prefix}_main_port", "PORT", f"{name} main seaport", "Container terminal", "",
               {"sea_container": 80, "sea_other": 20}, 20),
        Office(f"{prefix}_main_airport", "APT", f"{name} international airport", "Arrivals and departures hall", "",
               {"air_passenger": 75, "air_cargo": 25}, 20),
        Office(f"{prefix}_mail_centre", "MAIL", "International mail and courier centre", "Mail centre", "",
               {"postal": 60, "express_courier": 40}, 8),
        Office(f"{prefix}_enforcement", "MOB", "Customs enforcement unit", "Mobile team", "", {"road": 100}, 8),
        Office(f"{prefix}_north_border", "NBP", "Northern border post", "Main road crossing", "",
               {"road": 85, "pedestrian": 15}, 12),
        Office(f"{prefix}_south_border", "SBP", "Southern border post", "Main road crossing", "",
               {"road": 80, "rail": 10, "pedestrian": 10}, 10),
    )
    return Profile(country=country, currency=CURRENCY_OF.get(country, "USD"), offices=offices,
                   police_drugs="the anti-narcotics police", police_wildlife="the wildlife crime unit",
                   police="the police", wildlife_authority="the wildlife authority", hospital="the main hospital",
                   courts=("the Magistrate's Court",), roadblocks=("a main road",), towns=(name,),
                   rail_carrier="the national railway", postal_operator="the national post")


def offices(country: str = "NA") -> list[dict[str, str]]:
    """Return the offices cases are generated for, to register in the node's office list first."""
    return [{"code": o.code, "name": o.name, "place": o.place, "locode": o.locode} for o in profile(country).offices]


@cache
def country_name(code: str) -> str:
    """Return a short English name of a country for narratives."""
    if code in COUNTRY_NAMES:
        return COUNTRY_NAMES[code]
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


# -- small helpers -------------------------------------------------------------------------------------------


def _weighted(rng: Random, table: Mapping[str, float]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def _latin(name: str) -> str:
    """Drop the bracketed original script of a name part."""
    return name.split(" [")[0]


def _script(name: str) -> str:
    return name.split(" [")[1].rstrip("]") if " [" in name else ""


def _round_value(value: float) -> int:
    """Round a value to two or three significant digits, as officers estimate."""
    if value < 100:
        return max(1, int(value))
    digits = int(math.log10(value)) - 1
    return int(round(value / 10**digits) * 10**digits)


def s10_check_digit(serial: str) -> int:
    """Return the UPU S10 check digit of an 8-digit postal item serial."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    digit = 11 - total % 11
    return 0 if digit == 10 else 5 if digit == 11 else digit


def awb_number(rng: Random, prefix: str) -> str:
    """Return an air waybill number with its modulus-7 check digit."""
    serial = rng.randrange(1_000_000, 9_999_999)
    return f"{prefix}-{serial}{serial % 7}"


def container_number(rng: Random, owner: str) -> str:
    """Return an ISO 6346 container number with a correct check digit."""
    prefix = f"{owner}{rng.randrange(1_000_000):06d}"
    return f"{prefix}{container_check_digit(prefix)}"


def plate(rng: Random, country: str) -> str:
    """Return a vehicle registration number in the style of a country."""
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"

    def pick(n: int) -> str:
        return "".join(rng.choice(letters) for _ in range(n))

    if country == "NA":
        return f"N {rng.randrange(1, 99999)} {rng.choice(('W', 'W', 'W', 'WB', 'S', 'OK', 'T', 'OT', 'GO', 'RU'))}"
    if country == "ZA":
        return rng.choice((f"{pick(2)} {rng.randrange(10, 99)} {pick(2)} GP", f"CA {rng.randrange(100, 999)}-"
                           f"{rng.randrange(100, 999)}", f"ND {rng.randrange(100, 999)}-{rng.randrange(100, 999)}"))
    if country == "BW":
        return f"B {rng.randrange(100, 999)} {pick(3)}"
    if country in ("ZM", "ZW"):
        return f"{pick(3)} {rng.randrange(1000, 9999)}"
    if country == "AO":
        return f"LD-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{pick(2)}"
    return f"{pick(2)} {rng.randrange(1000, 9999)}"


# -- the generator ---------------------------------------------------------------------------------------------


class CaseMaker:
    """Make cases one after another, in date order, from one seeded random stream."""

    def __init__(self, *, seed: int, country: str, until: date, years: int, count: int) -> None:
        self.rng = Random(seed)
        self.profile = profile(country)
        self.home = self.profile.country
        self.count = max(1, count)
        self.until = until
        self.start = date(until.year - years + 1, 1, 1)
        self.days = [self.start + timedelta(d) for d in range((until - self.start).days + 1)]
        cumulative, total = [], 0.0
        for day in self.days:
            total += self._intensity(day)
            cumulative.append(total)
        self.cumulative = cumulative
        self.sequence: Counter[tuple[str, int]] = Counter()
        self.goods_by_category: dict[str, list[Goods]] = {}
        for goods in GOODS:
            self.goods_by_category.setdefault(goods.category, []).append(goods)
        modes_available = {m for o in self.profile.offices for m in o.modes}
        self.modes_available = modes_available
        self.officers = {o.code: [self._officer() for _ in range(self.rng.randrange(12, 40))]
                         for o in self.profile.offices}
        self.companies: dict[str, list[str]] = {}
        self.repeat_people: dict[str, list[str]] = {}  # by culture: people who turn up in several cases
        self.office_court = {o.code: o.court for o in self.profile.offices}

    # -- dates -------------------------------------------------------------------------------------------------

    def _intensity(self, day: date) -> float:
        years = (day - self.start).days / 365.25
        weight = MONTH_FACTOR[day.month - 1] * WEEKDAY_FACTOR[day.weekday()] * (1 + 0.05 * years)
        if date(2020, 3, 27) <= day <= date(2020, 6, 30):
            weight *= 0.35  # lockdown: borders and airports nearly closed
        elif date(2020, 7, 1) <= day <= date(2020, 12, 31):
            weight *= 0.7
        elif date(2021, 1, 1) <= day <= date(2021, 6, 30):
            weight *= 0.85
        return weight

    def _date(self, index: int) -> date:
        share = (index + self.rng.random()) / self.count
        position = bisect.bisect_left(self.cumulative, share * self.cumulative[-1])
        return self.days[min(position, len(self.days) - 1)]

    # -- people and companies ----------------------------------------------------------------------------------

    def _person(self, nationality: str, *, with_script: float = 0.4) -> str:
        culture = CULTURE_OF.get(nationality, "british")
        firsts, lasts = NAMES[culture]
        first, last = self.rng.choice(firsts), self.rng.choice(lasts)
        if culture == "lusophone" and self.rng.random() < 0.5:
            last = f"{last} {self.rng.choice(lasts)}"
        if culture in ("chinese", "vietnamese"):
            latin = f"{_latin(last)} {_latin(first)}"
            script = f"{_script(last)}{_script(first)}"
        else:
            latin = f"{_latin(first)} {_latin(last)}"
            script = f"{_script(first)} {_script(last)}".strip()
        if culture == "vietnamese" and self.rng.random() < 0.4:
            latin = latin.translate(_VIETNAMESE_ASCII)
        if not (_script(first) and _script(last)):
            script = ""  # a name is written in its own script only when both parts have one
        return f"{latin} ({script})" if script and self.rng.random() < with_script else latin

    def _someone(self, nationality: str) -> str:
        """Return a person's name, sometimes one who already appeared in another case."""
        known = self.repeat_people.setdefault(CULTURE_OF.get(nationality, "british"), [])
        if known and self.rng.random() < 0.06:
            return self.rng.choice(known)
        name = self._person(nationality)
        if self.rng.random() < 0.02 and len(known) < 2000:
            known.append(name)
        return name

    def _company(self, country: str) -> str:
        pool = self.companies.setdefault(country, [])
        if len(pool) < 60 or self.rng.random() < 0.05:
            words = COMPANY_WORDS.get(country)
            if words is None:
                culture = CULTURE_OF.get(country, "british")
                words = GENERIC_COMPANY_WORDS + tuple(_latin(s) for s in NAMES[culture][1][:6])
            form = self.rng.choice(COMPANY_FORMS.get(country, ("Ltd",)))
            name = f"{self.rng.choice(words)} {self.rng.choice(ACTIVITIES)} {form}"
            if name not in pool:
                pool.append(name)
            return name
        return self.rng.choice(pool)

    def _officer(self) -> str:
        firsts, lasts = NAMES[CULTURE_OF.get(self.home, "british")]
        return f"{self.rng.choice(OFFICER_RANKS)} {_latin(self.rng.choice(firsts))[0]}. " \
               f"{_latin(self.rng.choice(lasts))}"

    # -- route -------------------------------------------------------------------------------------------------

    def _route(self, goods: Goods, mode: str) -> list[str]:
        """Return the countries a consignment passes, departure first; the home country is always on it."""
        home = self.home
        options = ROUTES[goods.route]
        for _ in range(10):
            _, departures, transits, destinations = self.rng.choices(options, weights=[o[0] for o in options])[0]
            path = [self.rng.choice(departures.split()), *self.rng.choice(transits).split(),
                    self.rng.choice(destinations.split())]
            path = [home if code == "@" else code for code in path]
            if path[0] == home and path[-1] == home and mode not in LAND_MODES:
                continue  # a domestic movement is met on the road, not at an airport or in the post
            if mode in ("sea_container", "sea_other") and not all(c == home or c in SEA_PORTS for c in path):
                continue  # ships call at ports: no landlocked country on a sea route
            break
        if home not in path:
            path.insert(len(path) - 1, home)
        at = path.index(home)
        if mode in ("air_passenger", "postal", "express_courier", "pedestrian") and 0 < at < len(path) - 1:
            path = path[:at + 1]  # such goods are stopped on arrival, not in transit
        cleaned = [path[0]]
        for code in path[1:]:
            if code != cleaned[-1]:
                cleaned.append(code)
        return cleaned if len(cleaned) > 1 else [home, home]

    def _office(self, mode: str, path: list[str]) -> tuple[Office, list[str]]:
        """Return an office that sees this traffic, and the route made to cross its border if it has one."""
        candidates = [o for o in self.profile.offices if mode in o.modes]
        if mode in LAND_MODES:
            at = path.index(self.home)
            sides = {path[at - 1] if at > 0 else "", path[at + 1] if at + 1 < len(path) else ""} - {"", self.home}
            fitting = [o for o in candidates if o.neighbour in sides or not o.neighbour]
            if fitting and (sides or self.rng.random() < 0.7):
                candidates = fitting
        office = self.rng.choices(candidates, weights=[o.weight * o.modes[mode] for o in candidates])[0]
        if mode in LAND_MODES and office.neighbour:
            at = path.index(self.home)
            if at > 0 and path[at - 1] != office.neighbour:
                path = [*path[:at], office.neighbour, *path[at:]]
            elif at == 0 and path[-1] != self.home and path[1] != office.neighbour:
                path = [path[0], office.neighbour, *path[1:]]
        return office, path

    def _ports(self, path: list[str], mode: str) -> list[dict[str, str]]:
        table = SEA_PORTS if mode in ("sea_container", "sea_other") else AIRPORTS if mode.startswith("air") else None
        if table is None:
            return []
        ports = []
        for code in path[:-1]:
            if code == self.home or code not in table:
                continue
            locode, name = self.rng.choice(table[code])
            ports.append({"locode": locode, "name": name})
        return ports[:3]

    # -- commodity lines --------------------------------------------------------------------------------------

    def _quantity(self, goods: Goods, mode: str) -> float:
        median = goods.sizes[SMALL[mode]]
        value = median * math.exp(self.rng.gauss(0, goods.sigma))
        if goods.unit in ("heads", "pieces", "pairs", "cartons"):
            return float(max(1, round(value)))
        return max(10 ** -goods.decimals, round(value, goods.decimals))

    def _line(self, goods: Goods, mode: str, day: date, path: list[str], *,
              swallowed: bool = False) -> dict[str, Any]:
        rng = self.rng
        quantity = round(rng.uniform(0.25, 1.3), 3) if swallowed else self._quantity(goods, mode)
        line: dict[str, Any] = {"category": goods.category}
        brand = rng.choice(goods.extra["brands"]) if "brands" in goods.extra else ""
        count = max(1, round(quantity / goods.extra.get("per_piece", 1)))
        fill: dict[str, Any] = {"brand": brand, "count": count, "s": "" if count == 1 else "s"}
        if goods.category == "currency":
            currency = _weighted(rng, {"USD": 40, "EUR": 10, "ZAR": 15, self.profile.currency: 15, "AOA": 8,
                                       "CNY": 5, "GBP": 4, "AED": 3})
            amount = _round_value(quantity * CURRENCY_RATES.get(currency, 1.0))
            fill |= {"currency": currency, "denomination": DENOMINATIONS.get(currency, "large")}
            line |= {"hs_code": rng.choice(goods.hs), "description": rng.choice(goods.descriptions).format(**fill),
                     "value": str(amount), "currency": currency}
            if currency == "USD" and rng.random() < 0.5:
                line |= {"quantity": str(max(1, amount // 100)), "unit": "pieces"}
            return line
        if "drug_type" in goods.extra:
            line["drug_type"] = goods.extra["drug_type"]
        if "weapon_type" in goods.extra:
            line["weapon_type"] = goods.extra["weapon_type"]
        if "species" in goods.extra:
            latin, common, appendix = rng.choice(goods.extra["species"])
            line["species"] = f"{latin} ({common})"
            line["cites_appendix"] = self._appendix(appendix, day, path)
        if brand:
            line["brand"] = brand
        hs = goods.hs[0] if rng.random() < 0.75 else goods.hs[1]
        value_usd = quantity * rng.uniform(*goods.price)
        unit = goods.unit
        if goods.key == "cigarettes" and rng.random() < 0.2:
            quantity, unit = quantity * 200, "sticks"  # a carton holds 200 sticks
        elif unit == "kg" and quantity < 1 and goods.category == "drugs" and rng.random() < 0.5:
            quantity, unit = round(quantity * 1000), "g"
        description = rng.choice(goods.descriptions).format(**fill)
        line |= {"hs_code": hs, "description": description, "quantity": _decimal(quantity), "unit": unit}
        if rng.random() < 0.85:
            if rng.random() < 0.7:
                rate = USD_RATE_BY_YEAR.get(day.year, 16.0) if self.profile.currency in ("NAD", "ZAR") else \
                    CURRENCY_RATES.get(self.profile.currency, 1.0)
                line |= {"value": str(_round_value(value_usd * rate)), "currency": self.profile.currency}
            else:
                line |= {"value": str(_round_value(value_usd)), "currency": "USD"}
        return line

    def _appendix(self, rule: str, day: date, path: list[str]) -> str:
        if rule == "P":  # pangolins and grey parrots moved to Appendix I on 2 January 2017
            return "I" if day >= date(2017, 1, 2) else "II"
        if rule == "I*":  # elephants of Botswana, Namibia, South Africa and Zimbabwe are in Appendix II
            return "II" if path[0] in ("BW", "NA", "ZA", "ZW") else "I"
        return rule

    # -- one case ------------------------------------------------------------------------------------------

    def case(self, index: int) -> dict[str, Any]:
        """Return the case at this position of the series."""
        rng = self.rng
        day = self._date(index)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        goods_list = self.goods_by_category[category]
        goods = rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
        modes = {m: w for m, w in goods.modes.items() if m in self.modes_available} or {"road": 1.0}
        mode = _weighted(rng, modes)
        office, path = self._office(mode, self._route(goods, mode))
        ports = self._ports(path, mode)
        concealment = _weighted(rng, CONCEALMENT_BY_MODE[mode])
        if concealment == "internal" and goods.key not in ("cocaine", "heroin", "meth"):
            concealment = "on_body"
        lines = [self._line(goods, mode, day, path, swallowed=concealment == "internal")]
        for _ in range(int(_weighted(rng, {"0": 80, "1": 15, "2": 5}))):
            other = goods if category == "cites" or rng.random() < 0.4 else \
                rng.choices(goods_list, weights=[g.weight for g in goods_list])[0]
            if category != "currency" and not other.extra.get("open") and concealment != "internal":
                lines.append(self._line(other, mode, day, path))
        if concealment in ("on_body", "in_baggage") and _bulky(lines[0], concealment):
            concealment = "in_baggage" if mode == "air_passenger" and not _bulky(lines[0], "in_baggage") else \
                "in_cargo" if mode not in ("air_passenger", "pedestrian") else "in_baggage"
        offence = _weighted(rng, dict.fromkeys(goods.extra["offences"], 1.0)) if "offences" in goods.extra else \
            _weighted(rng, OFFENCES[category])
        if offence == "ipr_infringement" and category == "tobacco":
            lines[0]["description"] = "counterfeit " + lines[0]["description"].removeprefix("counterfeit ")
        age = (self.until - day).days
        status = _weighted(rng, next(table for limit, table in STATUS_BY_AGE if age < limit))
        self.sequence[(office.short, day.year)] += 1
        reference = f"{self.home}/{office.short}/{day.year}/{self.sequence[(office.short, day.year)]:05d}"
        conveyance, parties, story = self._conveyance_and_parties(mode, path, ports, office, day, lines)
        if story.get("big") and concealment in ("on_body", "in_baggage"):
            concealment = rng.choice(("in_cargo", "false_compartment", "natural_cavity"))
        if goods.extra.get("open") and rng.random() < 0.7:
            concealment = ""  # bulk goods misdeclared or without a permit, not hidden
        concealment_text = self._concealment_text(concealment, mode, story, lines[0]) if concealment else ""
        detection = _weighted(rng, DETECTION_BY_MODE[mode])
        detection_note, detection_text = self._detection(detection, story)
        outcome_types, outcome_note, closing = self._outcome(category, status, age, day, story, lines)
        found = [_quantity_text(x) for x in lines]
        finding = f"Officers found {found[0]}" + (f" {concealment_text}." if concealment_text else ".")
        if len(found) > 1:
            finding += f" Also found: {'; '.join(found[1:])}."
        narrative = " ".join(s for s in (story["opening"], detection_text, finding,
                                         self._offence_text(offence, story, path), closing) if s)
        handling = _weighted(rng, HANDLING)
        return {
            "reference": reference,
            "date": day.isoformat(),
            "time": self._time(mode),
            "status": status,
            "offence_type": offence,
            "office": {"code": office.code, "name": office.name, "place": office.place, "locode": office.locode,
                       "country": self.home},
            "reporting_officer": rng.choice(self.officers[office.code]),
            "narrative": narrative,
            "outcome": {"types": outcome_types, "note": outcome_note},
            "handling": {"code": handling, "sharing": _weighted(rng, SHARING), "onward": rng.random() < 0.3,
                         "note": "Not to be disclosed before the trial has concluded." if handling == "H3" else ""},
            "commodities": lines,
            "detection": {"method": detection, "note": detection_note},
            "conveyance": conveyance,
            "route": {"departure": path[0], "transit": path[1:-1], "destination": path[-1], "ports": ports},
            "concealment": {"method": concealment, "description": concealment_text},
            "parties": parties,
        }

    def _offence_text(self, offence: str, story: dict[str, str], path: list[str]) -> str:
        rng = self.rng
        if offence == "misdeclaration_value":
            return f"The declared value was about {rng.randrange(8, 45)} % of the market value."
        if offence == "misdeclaration_quantity":
            return f"The declaration covered about {rng.randrange(10, 60)} % of the quantity found."
        if offence == "misdeclaration_description":
            return f"The goods were declared as {story['cover']}."
        if offence == "misdeclaration_origin":
            return f"The goods were declared as originating in {country_name(rng.choice(ORIGIN_COVERS))}, " \
                   f"not {country_name(path[0])}."
        if offence == "prohibited_restricted":
            return "No permit was presented."
        return ""

    def _time(self, mode: str) -> str:
        rng = self.rng
        if rng.random() < 0.05:
            return ""
        if mode.startswith("air"):
            hour = rng.choice((6, 7, 8, 13, 14, 15, 16, 21, 22))
        elif mode in ("postal", "express_courier"):
            hour = rng.randrange(8, 16)
        else:
            hour = rng.randrange(6, 22)
        return f"{hour:02d}:{rng.randrange(0, 60):02d}"

    # -- conveyance, parties and the opening of the narrative --------------------------------------------------

    def _conveyance_and_parties(self, mode: str, path: list[str], ports: list[dict[str, str]], office: Office,
                                day: date, lines: list[dict[str, Any]]) -> tuple[dict[str, Any],
                                                                                 list[dict[str, str]], dict[str, str]]:
        rng = self.rng
        home = self.home
        inbound = path[-1] == home or (path[0] != home)
        foreign = next((c for c in (path if inbound else reversed(path)) if c != home), home)
        document = {"type": "", "number": ""}
        containers: list[str] = []
        carrier = identifier = ""
        parties: list[dict[str, str]] = []
        story: dict[str, str] = {"object": "consignment", "office": office.code, "category": lines[0]["category"]}
        cover = rng.choice(PARCEL_COVERS if mode in ("postal", "express_courier", "air_passenger", "pedestrian")
                           else COVER_GOODS)
        story["cover"] = cover
        origin_city = ports[-1]["name"] if ports else country_name(foreign)
        if mode == "air_passenger":
            carrier, code, _, numbers = self._airline(path, day, inbound)
            identifier = f"{code} {rng.choice(numbers)}"
            count = int(_weighted(rng, {"1": 85, "2": 12, "3": 3}))
            nationality = foreign if rng.random() < 0.55 else home if rng.random() < 0.6 else rng.choice(path)
            names = [self._someone(nationality) for _ in range(count)]
            parties = [{"kind": "person", "role": "passenger", "name": n} for n in names]
            passport = country_name(nationality)
            if inbound:
                story["opening"] = f"Passenger {names[0]} ({passport} passport) arrived on {identifier} from " \
                                   f"{origin_city}."
            else:
                story["opening"] = f"Passenger {names[0]} ({passport} passport) was checking in for {identifier} " \
                                   f"to {country_name(path[-1])}."
            story["object"] = "passenger"
            story["suspect"] = names[0]
        elif mode == "air_cargo":
            carrier, code, prefix, numbers = self._airline(path, day, inbound)
            carrier = f"{carrier} Cargo"
            identifier = f"{code} {rng.choice(numbers)}"
            document = {"type": "air_waybill", "number": awb_number(rng, prefix)}
            consignor, consignee = self._company(path[0]), self._company(path[-1])
            parties = [{"kind": "entity", "role": "consignor", "name": consignor},
                       {"kind": "entity", "role": "consignee", "name": consignee}]
            if rng.random() < 0.6:
                parties.append({"kind": "entity", "role": "freight_forwarder", "name": self._company(home)})
            if rng.random() < 0.3:
                parties.append({"kind": "person", "role": "declarant", "name": self._someone(home)})
            story["opening"] = f"Air cargo under AWB {document['number']} ({rng.randrange(1, 40)} pieces declared as " \
                               f"{cover}) arrived on {identifier} from {origin_city}."
            story["suspect"] = consignee
            story["suspect_kind"] = "entity"
        elif mode == "sea_container":
            line_name, bl_prefix, owners, vessels = rng.choice(SHIPPING_LINES)
            carrier = line_name
            identifier = rng.choice(vessels)
            boxes = max(int(_weighted(rng, {"1": 80, "2": 12, "3": 5, "4": 3})), _containers_for(lines[0]))
            containers = [container_number(rng, rng.choice(owners)) for _ in range(min(boxes, 50))]
            document = {"type": "bill_of_lading",
                        "number": f"{bl_prefix}{rng.randrange(10**8, 10**9)}" if bl_prefix != "MAEU"
                        else str(rng.randrange(10**8, 10**9))}
            consignor, consignee = self._company(path[0]), self._company(path[-1])
            parties = [{"kind": "entity", "role": "consignor", "name": consignor},
                       {"kind": "entity", "role": "consignee", "name": consignee}]
            if rng.random() < 0.7:
                parties.append({"kind": "entity", "role": "customs_broker", "name": self._company(home)})
            if rng.random() < 0.3:
                parties.append({"kind": "person", "role": "declarant", "name": self._someone(home)})
            if rng.random() < 0.1:
                parties.append({"kind": "person", "role": "driver", "name": self._someone(home)})
            size = rng.choice(("20-foot", "40-foot", "40-foot high-cube"))
            where = "in transit to " + country_name(path[-1]) if path[-1] != home and path[0] != home else \
                "for export to " + country_name(path[-1]) if path[0] == home else "from " + country_name(path[0])
            story["opening"] = f"Container {containers[0]} ({size}) on B/L {document['number']}, declared as " \
                               f"{cover}, came on the {identifier} ({line_name}) {where}."
            story["object"] = "container"
            story["suspect"] = consignee
            story["suspect_kind"] = "entity"
        elif mode == "sea_other":
            identifier = rng.choice(FISHING_VESSELS)
            carrier = self._company(home if identifier.startswith("FV") else foreign)
            crew = [self._someone(rng.choice((home, foreign))) for _ in range(int(_weighted(rng, {"1": 50, "2": 35,
                                                                                                   "3": 15})))]
            parties = [{"kind": "person", "role": "crew", "name": n} for n in crew]
            if rng.random() < 0.5:
                parties.append({"kind": "entity", "role": "owner", "name": carrier})
            story["opening"] = f"The vessel {identifier} berthed at {office.name}."
            story["object"] = "vessel"
            story["suspect"] = crew[0]
        elif mode in ("road", "rail"):
            plate_country = foreign if rng.random() < 0.5 else home
            if mode == "rail":
                carrier = self.profile.rail_carrier
                identifier = f"train {rng.randrange(1000, 9999)}, wagon {rng.randrange(10000, 99999)}"
                document = {"type": "rail_consignment_note", "number": f"RCN {rng.randrange(100000, 999999)}"}
                parties = [{"kind": "entity", "role": "consignor", "name": self._company(path[0])},
                           {"kind": "entity", "role": "consignee", "name": self._company(path[-1])}]
                train, wagon = identifier.split(", ")
                story["opening"] = f"Rail {wagon} of {carrier} {train} was checked at {office.name}."
                story["object"] = "wagon"
                story["suspect"] = parties[1]["name"]
                story["suspect_kind"] = "entity"
            else:
                big = any(float(x.get("quantity") or 0) > 200 for x in lines) or (SMALL[mode] and rng.random() < 0.5)
                vehicle = rng.choice(("truck", "truck-tractor with trailer")) if big else \
                    rng.choice(("sedan", "pick-up", "minibus taxi", "SUV", "bus"))
                identifier = plate(rng, plate_country)
                if vehicle.startswith("truck-tractor"):
                    identifier += f", trailer {plate(rng, plate_country)}"
                driver = self._someone(plate_country if rng.random() < 0.8 else rng.choice(path))
                parties = [{"kind": "person", "role": "driver", "name": driver}]
                if rng.random() < 0.3:
                    parties.append({"kind": "person", "role": "passenger", "name": self._someone(rng.choice(path))})
                if big:
                    carrier = self._company(plate_country)
                    parties.append({"kind": "entity", "role": "carrier", "name": carrier})
                    if rng.random() < 0.6:
                        document = {"type": "road_consignment_note",
                                    "number": f"{rng.choice(('CMR', 'RCN', 'MAN'))} {rng.randrange(100000, 999999)}"}
                        parties.append({"kind": "entity", "role": "consignee", "name": self._company(path[-1])})
                elif vehicle == "bus":
                    carrier = rng.choice(("Intercape", "Trans-Namib Express", "Shalom Luxury Coaches",
                                          "Eagle Liner")) if home == "NA" else "a coach line"
                if office.neighbour:
                    where = f"arriving from {country_name(office.neighbour)}" if inbound else \
                        f"leaving for {country_name(office.neighbour)}"
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was checked at {office.name}," \
                                       f" {where}."
                elif office.code.endswith("enforcement"):
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was stopped at a roadblock " \
                                       f"on {rng.choice(self.profile.roadblocks)}."
                else:
                    story["opening"] = f"A {vehicle} ({identifier}) driven by {driver} was checked at {office.name}."
                story["object"] = "vehicle"
                story["suspect"] = driver
                story["big"] = "yes" if big else ""
        elif mode == "postal":
            sender_country = path[0] if path[0] != home else rng.choice(path[1:] or [home])
            serial = f"{rng.randrange(10**7, 10**8)}"
            prefix = rng.choice(("RR", "RB", "CP", "EE", "LX", "UA"))
            item = f"{prefix}{serial}{s10_check_digit(serial)}{sender_country if inbound else home}"
            carrier = POSTAL_OPERATORS.get(sender_country if inbound else home, self.profile.postal_operator
                                           if not inbound else "the origin postal operator")
            document = {"type": "postal_declaration", "number": item}
            sender = self._someone(sender_country) if rng.random() < 0.7 else self._company(sender_country)
            recipient = self._someone(home if inbound else path[-1])
            parties = [{"kind": "person" if " " in sender and not _is_company(sender) else "entity", "role": "sender",
                        "name": sender}, {"kind": "person", "role": "recipient", "name": recipient}]
            town = rng.choice(self.profile.towns)
            story["opening"] = f"Postal item {item} from {country_name(sender_country)} addressed to {recipient} " \
                               f"in {town} was referred for examination." if inbound else \
                f"Postal item {item} posted in {town} by {sender} for {country_name(path[-1])} was referred for " \
                f"examination."
            story["object"] = "parcel"
            story["suspect"] = recipient if inbound else sender
            story["suspect_kind"] = "entity" if _is_company(story["suspect"]) else "person"
        elif mode == "express_courier":
            courier, digits = rng.choice(COURIERS)
            carrier = courier
            number = "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)) \
                if digits == 0 else str(rng.randrange(10 ** (digits - 1), 10**digits))
            document = {"type": "courier_waybill", "number": number}
            sender_country = path[0]
            sender = self._company(sender_country) if rng.random() < 0.5 else self._someone(sender_country)
            recipient = self._someone(path[-1]) if rng.random() < 0.7 else self._company(path[-1])
            parties = [{"kind": "entity" if _is_company(sender) else "person", "role": "sender", "name": sender},
                       {"kind": "entity" if _is_company(recipient) else "person", "role": "recipient",
                        "name": recipient}]
            story["opening"] = f"{courier} shipment {number} from {country_name(sender_country)}, declared as " \
                               f"{cover}, was held for examination."
            story["object"] = "shipment"
            story["suspect"] = recipient
            story["suspect_kind"] = "entity" if _is_company(recipient) else "person"
        else:  # pedestrian
            name = self._someone(office.neighbour or foreign)
            parties = [{"kind": "person", "role": "owner", "name": name}]
            side = f" from {country_name(office.neighbour)}" if inbound else f" to {country_name(office.neighbour)}"
            story["opening"] = f"{name} crossed on foot at {office.name}{side if office.neighbour else ''}."
            story["object"] = "person"
            story["suspect"] = name
        conveyance = {"mode": mode, "carrier": carrier, "identifier": identifier, "container_numbers": containers,
                      "transport_document": document}
        return conveyance, parties, story

    def _airline(self, path: list[str], day: date, inbound: bool) -> tuple[str, str, str, tuple[str, ...]]:
        home = self.home
        at = path.index(home)
        neighbour = path[at - 1] if inbound and at > 0 else path[at + 1] if at + 1 < len(path) else path[0]
        if home == "NA" and day < AIR_NAMIBIA_END and self.rng.random() < 0.35:
            return AIR_NAMIBIA
        choices = HUB_AIRLINES.get(neighbour) or HUB_AIRLINES[self.rng.choice(("ET", "QA", "ZA", "ZA"))]
        return self.rng.choice(choices)

    def _concealment_text(self, method: str, mode: str, story: dict[str, str], line: dict[str, Any]) -> str:
        rng = self.rng
        template = rng.choice(CONCEALMENT_TEXT[method])
        grams = float(line.get("quantity") or 0) * (1 if line.get("unit") == "g" else 1000)
        return template.format(cover=story["cover"], place=rng.choice(FALSE_PLACES.get(mode, ("in the load",))),
                               cavity=rng.choice(CAVITIES.get(mode, CAVITIES["road"])),
                               pellets=max(5, round(grams / rng.uniform(8, 12))),
                               item=rng.choice(POSTAL_ITEMS), object=rng.choice(HIDING_OBJECTS))

    def _detection(self, method: str, story: dict[str, str]) -> tuple[str, str]:
        rng = self.rng
        thing = story["object"]
        if method == "risk_profile":
            profile_name = rng.choice(PROFILES)
            return f"Risk profile: {profile_name}", f"The {thing} was selected by the risk management system " \
                                                    f"({profile_name})."
        if method == "intelligence":
            category = story["category"]
            specific = self.profile.police_drugs if category in ("drugs", "precursors") else \
                self.profile.police_wildlife if category == "cites" else \
                "the rights holder's representative" if category == "ipr" else self.profile.police
            source = rng.choice((specific, specific, "the RILO for Eastern and Southern Africa",
                                 "a partner administration", "an informer"))
            return f"Information from {source}", f"Officers acted on information received from {source}."
        if method == "xray":
            anomaly = rng.choice(ANOMALIES if thing in ("container", "vehicle", "wagon", "consignment") else
                                 BAG_ANOMALIES if thing in ("passenger", "person") else ITEM_ANOMALIES)
            return f"Scanner image {rng.randrange(10000, 99999)}", f"The scanner image showed {anomaly}."
        if method == "detector_dog":
            dog = rng.choice(DOGS)
            return f"Detector dog {dog}", f"The detector dog {dog} indicated on the {thing}."
        if method == "random":
            return "", f"The {thing} was selected at random for examination."
        if method == "routine":
            return "", "Officers carried out a routine examination."
        if method == "physical_examination":
            return "", f"A full physical examination of the {thing} was carried out."
        if method == "document_check":
            issue = rng.choice(DOC_ISSUES)
            return _capital(issue), f"The documents showed {issue}."
        behaviour = rng.choice(BEHAVIOUR)
        return _capital(behaviour), f"Officers noticed {behaviour}."

    def _outcome(self, category: str, status: str, age: int, day: date, story: dict[str, str],
                 story_lines: list[dict[str, Any]]) -> tuple[list[str], str, str]:
        rng = self.rng
        suspect = story.get("suspect", "The suspect")
        cr = f"CR {rng.randrange(1, 400)}/{day.month:02d}/{day.year}"
        court = self.office_court.get(story["office"]) or rng.choice(self.profile.courts)
        if status == "draft" or (age < 120 and rng.random() < 0.5):
            police = self.profile.police_wildlife if category == "cites" else self.profile.police_drugs \
                if category in ("drugs", "precursors") else self.profile.police
            return ["under_investigation"], f"Handed over to {police}, {cr}", "Investigation continuing."
        if category in ("drugs", "cites", "weapons", "precursors") or (category == "cultural_goods" and
                                                                       rng.random() < 0.5):
            police = self.profile.police_wildlife if category == "cites" else self.profile.police_drugs \
                if category in ("drugs", "precursors") else self.profile.police
            types = ["arrest", "prosecution", "goods_forfeited"]
            if category == "drugs" and rng.random() < 0.6:
                types.append("goods_destroyed")
            note = f"{police} {cr}; {court}"
            if story.get("suspect_kind") == "entity":
                types.remove("arrest")
                closing = f"The case against {suspect} was handed over to {police}."
            else:
                closing = f"{suspect} was arrested and handed over to {police}."
            if category == "cites":
                closing += f" {_capital(self.profile.wildlife_authority)} was informed."
            return sorted(types), note, closing
        if category == "ipr":
            if rng.random() < 0.15:
                return ["goods_released"], "Rights holder did not act within 10 working days", \
                    "The rights holder did not act in time and the goods were released."
            return ["goods_destroyed", "penalty"], "Rights holder confirmed the goods are counterfeit", \
                "The rights holder's representative confirmed the goods are counterfeit; they will be destroyed."
        worth = sum(float(x.get("value") or 0) / CURRENCY_RATES.get(x.get("currency", ""), 1.0)
                    for x in story_lines) * CURRENCY_RATES.get(self.profile.currency, 1.0)
        local = CURRENCY_RATES.get(self.profile.currency, 1.0)
        fine = _round_value(max(30 * local, worth * rng.uniform(0.1, 0.6)) if worth else
                            rng.uniform(60, 1200) * local)
        types = ["goods_forfeited", "penalty"]
        return types, f"Admission of guilt: {self.profile.currency} {fine:,}", \
            f"An admission of guilt fine of {self.profile.currency} {fine:,} was paid and the goods were forfeited."


_VIETNAMESE_ASCII = str.maketrans("ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáãèéìíòóõùúýĩũ",
                                  "AaAaDdEeOoOoUuaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyyaaaeeiiooouuyiu")


def _quantity_text(line: dict[str, Any]) -> str:
    """Return how a narrative states a commodity line, e.g. ``12.5 kg of cocaine in bricks``."""
    if line["category"] == "currency":
        return f"{line['currency']} {int(line['value']):,} ({line['description']})"
    quantity = float(line["quantity"])
    number = f"{quantity:,.0f}" if quantity.is_integer() else f"{quantity:,.2f}".rstrip("0")
    unit = line["unit"]
    if unit in COUNT_UNITS:
        word = COUNT_UNITS[unit][0 if quantity == 1 else 1]
        return f"{number} {word} of {line['description']}" if word else f"{number} × {line['description']}"
    return f"{number} {'m³' if unit == 'm3' else unit} of {line['description']}"


COUNT_UNITS = {"pieces": ("", ""), "pairs": ("pair", "pairs"), "heads": ("head", "head"),
               "cartons": ("carton", "cartons"), "sticks": ("stick", "sticks"), "packs": ("pack", "packs")}


def _containers_for(line: dict[str, Any]) -> int:
    """Return how many containers a commodity line fills at least."""
    per_box = {"m3": 25.0, "kg": 22000.0, "l": 20000.0, "t": 22.0}.get(line.get("unit", ""))
    return math.ceil(float(line["quantity"]) / per_box) if per_box and line.get("quantity") else 1


def _bulky(line: dict[str, Any], concealment: str) -> bool:
    """Tell whether a commodity line is too much to carry on the body (or in a suitcase)."""
    if line["category"] == "currency" or not line.get("quantity"):
        return False
    limits = BODY_LIMITS if concealment == "on_body" else BAGGAGE_LIMITS
    return float(line["quantity"]) > limits.get(line["unit"], math.inf)


BODY_LIMITS = {"kg": 4, "l": 2, "cartons": 4, "sticks": 800, "pieces": 60, "pairs": 4, "heads": 2, "m3": 0}
BAGGAGE_LIMITS = {"kg": 45, "l": 25, "cartons": 40, "sticks": 8000, "pieces": 2000, "pairs": 40, "heads": 10,
                  "m3": 0}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _decimal(number: float) -> str:
    text = f"{number:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _is_company(name: str) -> bool:
    return any(name.endswith(form) for forms in COMPANY_FORMS.values() for form in forms) or name.endswith(" Ltd")


# -- the public interface ------------------------------------------------------------------------------------


def generate(n: int, *, seed: int = 1, country: str = "NA", until: date = DEFAULT_UNTIL,
             years: int = DEFAULT_YEARS) -> Iterator[dict[str, Any]]:
    """Yield ``n`` seizure cases in date order; the same arguments always give the same cases."""
    maker = CaseMaker(seed=seed, country=country, until=until, years=years, count=n)
    for index in range(n):
        yield maker.case(index)


def write_json(cases: Iterator[dict[str, Any]], out: TextIO) -> int:
    """Write cases as JSON lines; return how many."""
    count = 0
    for case in cases:
        out.write(json.dumps(case, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(cases: Iterator[dict[str, Any]], out: TextIO) -> int:
    """Write cases in the node's native CSV import format; return how many."""
    from node.services import seizure_csv  # the node's own column writer, so the format cannot drift

    writer = csv.DictWriter(out, fieldnames=list(seizure_csv.COLUMNS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for case in cases:
        for row in seizure_csv.case_rows(_complete(case)):
            writer.writerow({k: seizure_csv.neutralise(v) for k, v in row.items()})
        count += 1
    return count


def _complete(case: dict[str, Any]) -> dict[str, Any]:
    """Return a case with every commodity field present, as the CSV writer expects of a stored body."""
    from protocol.records.seizure import normalise_seizure

    return normalise_seizure(case)


def self_check(n: int, *, seed: int = 1, country: str = "NA") -> tuple[int, Counter[str]]:
    """Check ``n`` cases with ``normalise_seizure`` and a throw-away node's own rules; return failures by field."""
    import asyncio
    import secrets
    import tempfile

    from node.clock import SystemClock
    from node.config import Config
    from node.datadir import init_node
    from node.errors import ValidationFailed
    from node.runtime import open_services
    from node.services.actor import command_line_actor

    failures: Counter[str] = Counter()

    async def run(config: Config) -> int:
        actor = command_line_actor()
        async with open_services(config, SystemClock()) as services:
            for office in offices(country):
                await services.refdata.put_entry(actor, "office", office["code"], office["name"], office["name"])
            checked = 0
            for case in generate(n, seed=seed, country=country):
                checked += 1
                try:
                    services.seizures.check(case)
                except ValidationFailed as exc:
                    failures.update(exc.fields)
                    if sum(failures.values()) <= 5:
                        print(f"{case['reference']}: {exc.fields}", file=sys.stderr)
            return checked

    with tempfile.TemporaryDirectory(prefix="ncen-gen-check-") as tmp:
        config = Config(data_dir=Path(tmp) / "node", port=0, admin_password=secrets.token_urlsafe(16))
        init_node(config, SystemClock(), name="Generator check", country=country)
        checked = asyncio.run(run(config))
    return checked, failures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(prog="python -m tools.gen_seizures", description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", help="output file (default: standard output)")
    parser.add_argument("--count", type=int, default=1000, help="number of cases (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--country", default="NA", help="ISO code of the administration (default NA)")
    parser.add_argument("--until", type=date.fromisoformat, default=DEFAULT_UNTIL,
                        help=f"date of the last case (default {DEFAULT_UNTIL})")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="JSON lines or native CSV")
    parser.add_argument("--check", type=int, metavar="N", help="check N cases against a throw-away node and exit")
    args = parser.parse_args(argv)
    if args.check:
        checked, failures = self_check(args.check, seed=args.seed, country=args.country)
        print(f"{checked} cases checked, {sum(failures.values())} field errors")
        for path, count in failures.most_common(20):
            print(f"  {path}: {count}")
        return 1 if failures else 0
    cases = generate(args.count, seed=args.seed, country=args.country, until=args.until)
    writer = write_csv if args.format == "csv" else write_json
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            writer(cases, out)
    else:
        writer(cases, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
