"""The tables the seizure generator draws from: places, people and companies, goods, and the story of a case.

Invented data with real shapes (``tools/gen_seizures.py`` says what the cases look like): country names for
narratives, airports, ports, airlines and their routes; names by culture and company words; the goods of each
category with their units, quantities, modes, detection and concealment; and the words of a case's story.
``weighted`` draws a key from one of the weight tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any

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


def weighted(rng: Random, table: Mapping[str, float]) -> str:
    """Draw a key of a weight table, such as ``CATEGORY_WEIGHTS`` or ``HANDLING``."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]
