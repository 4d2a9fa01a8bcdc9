"""Demo content for Agora: the five online civic debates of the network of towns
"Innovative management of diversity and inclusion strategies in European towns"
(Europe for Citizens, strand 2, measure 2.2 "Networks of Towns"), coordinated by the
Municipality of Simitli (Bulgaria) with partners from 13 other countries.

Session times are relative to now (``starts_in_hours``); only session 1 of each debate is live,
and the example posts belong to it. Post authors are fictional residents of partner towns.
"""

from typing import Any

DEMO_DEBATES: list[dict[str, Any]] = [
    {
        "slug": "capitals-of-culture",
        "default_language": "en",
        "title": {
            "en": "Diversity and inclusion: lessons from the European Capitals of Culture",
            "bg": "Многообразие и приобщаване: уроци от Европейските столици на културата",
        },
        "description": {
            "en": (
                "Since 1985, dozens of cities have held the title of European Capital of Culture, "
                "and many used the year to open culture up to residents who rarely felt invited. "
                "In this debate, people from across the network share what worked, what did not "
                "outlast the title year, and which ideas a small town could borrow without a large "
                "budget. The conclusions will feed into the network's joint recommendations on "
                "diversity management."
            ),
            "bg": (
                "От 1985 г. насам десетки градове са носили титлата „Европейска столица на "
                "културата“, а много от тях са използвали годината, за да направят културата "
                "достъпна за хора, които рядко са се чувствали поканени. В този дебат участници от "
                "цялата мрежа споделят какво е проработило, какво не е оцеляло след края на "
                "годината и кои идеи може да възприеме и малък град без голям бюджет. Изводите ще "
                "залегнат в общите препоръки на мрежата за управление на многообразието."
            ),
        },
        "sessions": [
            {
                "number": 1,
                "title": {
                    "en": "What remains after the title year?",
                    "bg": "Какво остава след годината на титлата?",
                },
                "agenda": {
                    "en": (
                        "Welcome and introduction to the debate\n"
                        "Short input: inclusion in Plovdiv 2019 and Matera 2019\n"
                        "Open discussion: which projects lasted, and why?\n"
                        "Summary of ideas for the next session"
                    ),
                    "bg": (
                        "Откриване и представяне на дебата\n"
                        "Кратко въведение: приобщаването в Пловдив 2019 и Матера 2019\n"
                        "Открита дискусия: кои проекти продължиха и защо?\n"
                        "Обобщение на идеите за следващата сесия"
                    ),
                },
                "starts_in_hours": -1,
                "duration_hours": 3,
                "state": "live",
                "moderation": "post",
                "stream_url": "https://stream.simitli.bg/live/capitals-of-culture-1",
            },
            {
                "number": 2,
                "title": {
                    "en": "Small towns, big ideas: adapting the model",
                    "bg": "Малки градове, големи идеи: как да пренесем модела у нас",
                },
                "agenda": {
                    "en": (
                        "Ideas collected in the first session\n"
                        "Working groups: culture on a small budget\n"
                        "Agreeing on three recommendations for the network"
                    ),
                    "bg": (
                        "Идеите, събрани в първата сесия\n"
                        "Работни групи: култура с малък бюджет\n"
                        "Съгласуване на три препоръки към мрежата"
                    ),
                },
                "starts_in_hours": 168,
                "duration_hours": 2,
                "state": "scheduled",
                "moderation": "pre",
            },
        ],
        "posts": [
            {
                "key": "p1",
                "parent": None,
                "author": {
                    "name": "Maria",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Пловдив 2019 показа, че културата може да излезе от големите зали: част от "
                    "събитията се проведоха в квартали, където рядко се случва нещо подобно, и "
                    "събраха хора, които иначе не биха седнали заедно. Въпросът е как този ефект "
                    "да се запази, когато финансирането свърши."
                ),
            },
            {
                "key": "p2",
                "parent": "p1",
                "author": {
                    "name": "Giulia",
                    "language": "it",
                    "country": "IT",
                    "town": "Matera",
                },
                "language": "it",
                "body": (
                    "A Matera, nel 2019, chiunque poteva diventare *cittadino temporaneo* con il "
                    "passaporto della Capitale: anche chi viveva in città da poco si sentiva parte "
                    "del progetto. Dopo quell'anno, però, molte associazioni hanno perso i "
                    "finanziamenti. Secondo me la vera eredità sono le reti tra le persone, non "
                    "gli edifici."
                ),
            },
            {
                "key": "p3",
                "parent": "p2",
                "author": {
                    "name": "Ahmad",
                    "language": "ar",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "ar",
                "body": (
                    "أتفق مع فكرة أن الإرث الحقيقي هو العلاقات بين الناس. أعيش في سيميتلي منذ ثلاث "
                    "سنوات، وأكثر ما يجعلني أشعر بأنني مدعو فعلاً هو أن تكون الفعاليات مترجمة، أو "
                    "أن تكون فيها موسيقى لا تحتاج إلى لغة."
                ),
            },
            {
                "key": "p4",
                "parent": None,
                "author": {
                    "name": "Luka",
                    "language": "hr",
                    "country": "HR",
                    "town": "Rijeka",
                },
                "language": "en",
                "body": (
                    "Rijeka 2020 was hit hard by the pandemic, and many plans had to move online. "
                    "What worked surprisingly well was the **27 Neighbourhoods** programme: local "
                    "districts and villages co-created their own events with partner communities "
                    "across Europe. It cost relatively little, and residents still run some of "
                    "those activities."
                ),
            },
            {
                "key": "p5",
                "parent": "p4",
                "author": {
                    "name": "Ioana",
                    "language": "ro",
                    "country": "RO",
                    "town": "Sibiu",
                },
                "language": "ro",
                "body": (
                    "La Sibiu, după 2007, am văzut același lucru: proiectele mici, de cartier, au "
                    "rezistat mai mult decât marile spectacole. Propun ca fiecare oraș din rețea "
                    "să aibă un *fond mic pentru inițiative civice*, despre care să decidă chiar "
                    "locuitorii."
                ),
            },
            {
                "key": "p6",
                "parent": None,
                "author": {
                    "name": "Georgi P.",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Ще си позволя да не се съглася напълно: без дългосрочни инвестиции в "
                    "читалищата, библиотеките и достъпните зали инициативите остават зависими от "
                    "ентусиазма на няколко души. Предлагам да обсъдим и двата подхода:\n"
                    "\n"
                    "- малки граждански фондове за бърз и видим ефект;\n"
                    "- дългосрочни инвестиции в местата, където хората се срещат."
                ),
            },
        ],
    },
    {
        "slug": "inclusion-strategies",
        "default_language": "en",
        "title": {
            "en": "Inclusion strategies for minority and migrant communities",
            "bg": "Стратегии за приобщаване на малцинствените и мигрантските общности",
        },
        "description": {
            "en": (
                "Many towns have action plans for inclusion, but residents from minority and "
                "migrant communities are rarely asked to help write them. This debate looks at how "
                "local strategies can be designed together with the people they are meant to "
                "serve: in education, housing, employment and access to public services. "
                "Participants are invited to share practical examples, including ones that did not "
                "work as planned."
            ),
            "bg": (
                "Много общини имат планове за приобщаване, но хората от малцинствените и "
                "мигрантските общности рядко биват канени да участват в изготвянето им. Дебатът "
                "търси отговор как местните стратегии да се създават заедно с хората, за които са "
                "предназначени: в образованието, жилищната политика, заетостта и достъпа до "
                "обществени услуги. Участниците са поканени да споделят практически примери, "
                "включително такива, които не са дали очаквания резултат."
            ),
        },
        "sessions": [
            {
                "number": 1,
                "title": {
                    "en": "Listening first: who is at the table?",
                    "bg": "Първо да чуем: кой участва във вземането на решения?",
                },
                "agenda": {
                    "en": (
                        "Opening by the moderators\n"
                        "Residents from minority and migrant communities share their experience\n"
                        "Discussion: what keeps people from taking part in local decisions?"
                    ),
                    "bg": (
                        "Откриване от модераторите\n"
                        "Жители от малцинствени и мигрантски общности споделят своя опит\n"
                        "Дискусия: какво пречи на хората да участват в местните решения?"
                    ),
                },
                "starts_in_hours": -1,
                "duration_hours": 2,
                "state": "live",
                "moderation": "post",
            },
            {
                "number": 2,
                "title": {
                    "en": "From consultation to co-design",
                    "bg": "От консултация към съвместно планиране",
                },
                "agenda": {
                    "en": (
                        "What co-design means in practice, with examples from partner towns\n"
                        "The role of cultural mediators and community leaders\n"
                        "Drafting principles for inclusive local strategies"
                    ),
                    "bg": (
                        "Какво означава съвместно планиране на практика: примери от партньорските "
                        "градове\n"
                        "Ролята на културните медиатори и на лидерите в общностите\n"
                        "Изготвяне на принципи за приобщаващи местни стратегии"
                    ),
                },
                "starts_in_hours": 192,
                "duration_hours": 3,
                "state": "scheduled",
                "moderation": "pre",
                "stream_url": "https://stream.simitli.bg/live/inclusion-strategies-2",
            },
            {
                "number": 3,
                "title": {
                    "en": "Measuring what changes",
                    "bg": "Как да измерим промяната",
                },
                "agenda": {
                    "en": (
                        "Indicators that matter to residents, not only to reports\n"
                        "Examples of local monitoring from partner towns\n"
                        "A shared checklist for the network"
                    ),
                    "bg": (
                        "Показатели, които имат значение за жителите, а не само за отчетите\n"
                        "Примери за местно наблюдение и оценка от партньорските градове\n"
                        "Общ контролен списък за мрежата"
                    ),
                },
                "starts_in_hours": 360,
                "duration_hours": 2,
                "state": "scheduled",
                "moderation": "post",
            },
        ],
        "posts": [
            {
                "key": "p1",
                "parent": None,
                "author": {
                    "name": "Ana M.",
                    "language": "mk",
                    "country": "MK",
                    "town": "Kumanovo",
                },
                "language": "en",
                "body": (
                    "In Kumanovo we learned that a strategy written only in the official language "
                    "does not reach many families. Our last public consultation was held in "
                    "**Macedonian, Albanian and Romani**, and far more people came than ever "
                    "before."
                ),
            },
            {
                "key": "p2",
                "parent": "p1",
                "author": {
                    "name": "Arben",
                    "language": "sq",
                    "country": "AL",
                    "town": "Korçë",
                },
                "language": "sq",
                "body": (
                    "Jam dakord. Në Korçë kemi parë që ndërmjetësit kulturorë nga vetë komunitetet "
                    "rome dhe egjiptiane janë më të besueshëm se çdo fletëpalosje. Bashkia duhet "
                    "t'i paguajë ata si profesionistë, jo si vullnetarë."
                ),
            },
            {
                "key": "p3",
                "parent": "p2",
                "author": {
                    "name": "Samira",
                    "language": "ar",
                    "country": "IT",
                    "town": "Matera",
                },
                "language": "ar",
                "body": (
                    "الوساطة الثقافية ساعدتني كثيراً عندما وصلت. لكنني أقترح أيضاً دورات لغة "
                    "مجانية للأمهات مع رعاية للأطفال في المكان نفسه، لأن كثيراً من النساء لا "
                    "يستطعن الحضور من دونها."
                ),
            },
            {
                "key": "p4",
                "parent": None,
                "author": {
                    "name": "Georgi P.",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Като общински служител ще бъда откровен: често имаме стратегия на хартия, но "
                    "нямаме хора и средства, за да я изпълним. Как други общини са осигурили "
                    "**постоянно финансиране** за приобщаване в бюджета си, а не само по проекти?"
                ),
            },
            {
                "key": "p5",
                "parent": "p4",
                "author": {
                    "name": "Zsófia",
                    "language": "hu",
                    "country": "HU",
                    "town": "Pécs",
                },
                "language": "en",
                "body": (
                    "In Pécs part of the funding comes through a standing agreement with the local "
                    "Roma minority self-government, renewed every year instead of applied for "
                    "project by project. It is not perfect, but it survives changes of leadership."
                ),
            },
            {
                "key": "p6",
                "parent": None,
                "author": {
                    "name": "Līga",
                    "language": "lv",
                    "country": "LV",
                    "town": "Cēsis",
                },
                "language": "en",
                "body": (
                    "A small practical point: publish the draft strategy in *plain language* "
                    "first, and the legal version after that. We tried it in Cēsis and wrote up "
                    "what we learned: [plain-language consultation "
                    "notes](https://example.org/plain-language)."
                ),
            },
        ],
    },
    {
        "slug": "public-private-partnerships",
        "default_language": "en",
        "title": {
            "en": "Preventing discrimination through public–private partnerships",
            "bg": "Превенция на дискриминацията чрез публично-частни партньорства",
        },
        "description": {
            "en": (
                "Discrimination often happens in everyday places: at a job interview, when renting "
                "a flat, at a shop counter. Municipalities cannot change this alone, but they can "
                "work with local employers, landlords, banks and media. This debate explores what "
                "such partnerships can realistically achieve, how to keep them accountable to "
                "residents, and where their limits are."
            ),
            "bg": (
                "Дискриминацията често се случва на всекидневни места: на интервю за работа, при "
                "наемане на жилище, на гишето в магазина. Общините не могат да променят това сами, "
                "но могат да работят заедно с местни работодатели, наемодатели, банки и медии. "
                "Дебатът разглежда какво реално могат да постигнат подобни партньорства, как да се "
                "отчитат пред жителите и къде са границите им."
            ),
        },
        "sessions": [
            {
                "number": 1,
                "title": {
                    "en": "Employers and equal opportunities",
                    "bg": "Работодателите и равните възможности",
                },
                "agenda": {
                    "en": (
                        "Introduction: what the law requires, and what it leaves open\n"
                        "Examples of local diversity charters and fair-hiring pledges\n"
                        "Open discussion with employers and job seekers"
                    ),
                    "bg": (
                        "Въведение: какво изисква законът и какво остава извън него\n"
                        "Примери за местни харти за многообразие и ангажименти за честен подбор\n"
                        "Открита дискусия с работодатели и търсещи работа"
                    ),
                },
                "starts_in_hours": -1,
                "duration_hours": 3,
                "state": "live",
                "moderation": "post",
            },
            {
                "number": 2,
                "title": {
                    "en": "Housing, services and the role of local media",
                    "bg": "Жилища, услуги и ролята на местните медии",
                },
                "agenda": {
                    "en": (
                        "Fair access to rented housing: what partners can do\n"
                        "Local media and reporting without stereotypes\n"
                        "Proposals for a partnership model shared across the network"
                    ),
                    "bg": (
                        "Равен достъп до жилища под наем: какво могат да направят партньорите\n"
                        "Местните медии и отразяването без стереотипи\n"
                        "Предложения за общ модел на партньорство в мрежата"
                    ),
                },
                "starts_in_hours": 240,
                "duration_hours": 3,
                "state": "scheduled",
                "moderation": "pre",
                "stream_url": "https://stream.simitli.bg/live/public-private-partnerships-2",
            },
        ],
        "posts": [
            {
                "key": "p1",
                "parent": None,
                "author": {
                    "name": "Javier",
                    "language": "es",
                    "country": "ES",
                    "town": "Lleida",
                },
                "language": "es",
                "body": (
                    "En Lleida varias empresas agrícolas firmaron con el ayuntamiento una carta de "
                    "la diversidad. Lo más útil no fue el documento, sino la **oficina de "
                    "mediación** a la que los temporeros pueden acudir sin miedo a perder el "
                    "trabajo."
                ),
            },
            {
                "key": "p2",
                "parent": "p1",
                "author": {
                    "name": "Inês",
                    "language": "pt",
                    "country": "PT",
                    "town": "Guimarães",
                },
                "language": "en",
                "body": (
                    "Interesting. Who pays for the mediation office: the companies or the "
                    "municipality? In my experience, partnerships last longer when both sides put "
                    "in money, even a small amount."
                ),
            },
            {
                "key": "p3",
                "parent": "p2",
                "author": {
                    "name": "Javier",
                    "language": "es",
                    "country": "ES",
                    "town": "Lleida",
                },
                "language": "es",
                "body": (
                    "Al principio la financiaba solo el ayuntamiento; desde el segundo año las "
                    "empresas aportan una parte. Estoy de acuerdo contigo: cuando pagan, también "
                    "se implican más."
                ),
            },
            {
                "key": "p4",
                "parent": None,
                "author": {
                    "name": "Eleni",
                    "language": "el",
                    "country": "GR",
                    "town": "Serres",
                },
                "language": "el",
                "body": (
                    "Στις Σέρρες ξεκινήσαμε μια συνεργασία με τοπικές επιχειρήσεις για πρακτική "
                    "άσκηση νέων από ευάλωτες ομάδες. Χρειάζεται όμως ανεξάρτητη παρακολούθηση, "
                    "ώστε να μη γίνει απλώς φθηνή εργασία."
                ),
            },
            {
                "key": "p5",
                "parent": "p4",
                "author": {
                    "name": "Maria",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Съгласна съм, че без контрол няма да се получи. Предлагам в споразумението за "
                    "партньорство да има ясни условия:\n"
                    "\n"
                    "1. заплащане на стажа, а не само „опит“;\n"
                    "2. наставник от фирмата;\n"
                    "3. обратна връзка от самите стажанти на всеки три месеца."
                ),
            },
            {
                "key": "p6",
                "parent": None,
                "author": {
                    "name": "Milan",
                    "language": "sr",
                    "country": "RS",
                    "town": "Novi Sad",
                },
                "language": "en",
                "body": (
                    "I am a bit sceptical. Companies sign these charters for good publicity, and "
                    "nothing happens when they break them. As a local journalist put it:\n"
                    "\n"
                    "> A partnership without consequences is just a press release.\n"
                    "\n"
                    "Could the network at least publish a yearly list of who kept their "
                    "commitments?"
                ),
            },
        ],
    },
    {
        "slug": "intercultural-dialogue",
        "default_language": "en",
        "title": {
            "en": "Intercultural dialogue in local policy",
            "bg": "Междукултурният диалог в местните политики",
        },
        "description": {
            "en": (
                "Intercultural dialogue is often reduced to festivals and food fairs. This debate "
                "asks how it can become part of everyday local policy: in schools, libraries, "
                "sports clubs, twinning committees and the way a town council consults its "
                "residents. The aim is to collect concrete tools that partner towns can adopt and "
                "adapt."
            ),
            "bg": (
                "Междукултурният диалог често се свежда до фестивали и кулинарни базари. Този "
                "дебат търси начини той да стане част от всекидневната местна политика: в "
                "училищата, библиотеките, спортните клубове, комитетите за побратимяване и в "
                "начина, по който общинският съвет се допитва до жителите. Целта е да съберем "
                "конкретни инструменти, които партньорските градове да възприемат и да приспособят "
                "към своите условия."
            ),
        },
        "sessions": [
            {
                "number": 1,
                "title": {
                    "en": "Beyond festivals: dialogue in everyday services",
                    "bg": "Отвъд фестивалите: диалогът във всекидневните услуги",
                },
                "agenda": {
                    "en": (
                        "Opening and ground rules of the debate\n"
                        "Short inputs from Serres and Kumanovo\n"
                        "Discussion: where do residents of different backgrounds actually meet?"
                    ),
                    "bg": (
                        "Откриване и правила на дебата\n"
                        "Кратки изказвания от Серес и Куманово\n"
                        "Дискусия: къде всъщност се срещат жители с различен произход?"
                    ),
                },
                "starts_in_hours": -1,
                "duration_hours": 2,
                "state": "live",
                "moderation": "post",
                "stream_url": "https://stream.simitli.bg/live/intercultural-dialogue-1",
            },
            {
                "number": 2,
                "title": {
                    "en": "Schools, libraries and young people",
                    "bg": "Училища, библиотеки и млади хора",
                },
                "agenda": {
                    "en": (
                        "Examples of intercultural school projects\n"
                        "Libraries as neutral meeting places\n"
                        "Youth panel: what would make you take part?"
                    ),
                    "bg": (
                        "Примери за междукултурни училищни проекти\n"
                        "Библиотеките като неутрално място за срещи\n"
                        "Младежки панел: какво би ви накарало да се включите?"
                    ),
                },
                "starts_in_hours": 168,
                "duration_hours": 2,
                "state": "scheduled",
                "moderation": "post",
            },
            {
                "number": 3,
                "title": {
                    "en": "Twinning committees as bridges",
                    "bg": "Комитетите за побратимяване като мостове",
                },
                "agenda": {
                    "en": (
                        "How twinning can reach beyond official delegations\n"
                        "Ideas for joint online activities between towns\n"
                        "Closing: recommendations for local intercultural plans"
                    ),
                    "bg": (
                        "Как побратимяването да стигне отвъд официалните делегации\n"
                        "Идеи за съвместни онлайн дейности между градовете\n"
                        "Закриване: препоръки за местните планове за междукултурен диалог"
                    ),
                },
                "starts_in_hours": 336,
                "duration_hours": 3,
                "state": "scheduled",
                "moderation": "pre",
                "stream_url": "https://stream.simitli.bg/live/intercultural-dialogue-3",
            },
        ],
        "posts": [
            {
                "key": "p1",
                "parent": None,
                "author": {
                    "name": "Eleni",
                    "language": "el",
                    "country": "GR",
                    "town": "Serres",
                },
                "language": "en",
                "body": (
                    "In Serres the municipal library has started *language tandems*: a newcomer "
                    "and a long-time resident meet once a week and talk for half an hour in each "
                    "language. It costs almost nothing, and people keep coming back."
                ),
            },
            {
                "key": "p2",
                "parent": "p1",
                "author": {
                    "name": "Ahmad",
                    "language": "ar",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "ar",
                "body": (
                    "فكرة رائعة. في سيميتلي نتعلم اللغة البلغارية في مجموعة صغيرة، لكن لا توجد "
                    "فرصة حقيقية للحديث مع الجيران. لقاء أسبوعي كهذا سيساعدنا كثيراً."
                ),
            },
            {
                "key": "p3",
                "parent": "p2",
                "author": {
                    "name": "Maria",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Ахмед, библиотеката на читалището в Симитли може да домакинства такива срещи. "
                    "Ще предложа идеята на следващото заседание на читалищното настоятелство. Ако "
                    "искате, елате заедно с нас!"
                ),
            },
            {
                "key": "p4",
                "parent": None,
                "author": {
                    "name": "Kasia",
                    "language": "pl",
                    "country": "PL",
                    "town": "Lublin",
                },
                "language": "en",
                "body": (
                    "I'd like to push back a little on dialogue as the goal. Dialogue is a method; "
                    "the goal is equal access to decisions. In Lublin we link intercultural "
                    "meetings to the participatory budget, so ideas from those meetings can "
                    "actually get funded."
                ),
            },
            {
                "key": "p5",
                "parent": "p4",
                "author": {
                    "name": "Nina K.",
                    "language": "sl",
                    "country": "SI",
                    "town": "Novo mesto",
                },
                "language": "en",
                "body": (
                    "Agreed, Kasia. A simple rule we are testing in Novo mesto: every "
                    "intercultural event ends with **one concrete proposal** that goes to the town "
                    "council within a month, and the council replies publicly."
                ),
            },
            {
                "key": "p6",
                "parent": None,
                "author": {
                    "name": "Giulia",
                    "language": "it",
                    "country": "IT",
                    "town": "Matera",
                },
                "language": "it",
                "body": (
                    "Nelle scuole di Matera abbiamo invitato i genitori arrivati da altri paesi a "
                    "raccontare le fiabe della loro infanzia, in due lingue. I bambini scoprono "
                    "che la diversità è una ricchezza, e i genitori si sentono finalmente parte "
                    "della scuola."
                ),
            },
        ],
    },
    {
        "slug": "active-citizenship",
        "default_language": "en",
        "title": {
            "en": "Active citizenship and human rights in European towns",
            "bg": "Активно гражданство и права на човека в европейските градове",
        },
        "description": {
            "en": (
                "Human rights are usually discussed at national or European level, yet people "
                "experience them, or their absence, in their own street, school and town hall. "
                "This debate looks at how residents, including those who cannot vote, can take an "
                "active part in local life and hold institutions to account. It closes the series "
                "of five debates, and its conclusions will be presented at the network's final "
                "event."
            ),
            "bg": (
                "За правата на човека обикновено се говори на национално или европейско ниво, но "
                "хората ги усещат (или усещат липсата им) на собствената си улица, в училището и в "
                "общината. Дебатът разглежда как жителите, включително тези без право на глас, "
                "могат активно да участват в местния живот и да търсят отчетност от институциите. "
                "Той закрива поредицата от пет дебата, а изводите от него ще бъдат представени на "
                "заключителното събитие на мрежата."
            ),
        },
        "sessions": [
            {
                "number": 1,
                "title": {
                    "en": "Rights begin close to home",
                    "bg": "Правата започват близо до дома",
                },
                "agenda": {
                    "en": (
                        "Opening: human rights in small places, close to home\n"
                        "Residents' stories: when a right was respected, and when it was not\n"
                        "Discussion: what can a town do that a state cannot?"
                    ),
                    "bg": (
                        "Откриване: правата на човека в малките места, близо до дома\n"
                        "Истории на жители: кога едно право е било зачетено и кога не\n"
                        "Дискусия: какво може да направи един град, което държавата не може?"
                    ),
                },
                "starts_in_hours": -1,
                "duration_hours": 3,
                "state": "live",
                "moderation": "post",
                "stream_url": "https://stream.simitli.bg/live/active-citizenship-1",
            },
            {
                "number": 2,
                "title": {
                    "en": "Tools for participation: from petitions to youth councils",
                    "bg": "Инструменти за участие: от петиции до младежки съвети",
                },
                "agenda": {
                    "en": (
                        "Local petitions, public hearings and participatory budgets\n"
                        "Youth and migrant advisory councils: lessons learned\n"
                        "Adopting the network's final recommendations"
                    ),
                    "bg": (
                        "Местни петиции, обществени обсъждания и граждански бюджети\n"
                        "Младежки и мигрантски консултативни съвети: поуки от практиката\n"
                        "Приемане на окончателните препоръки на мрежата"
                    ),
                },
                "starts_in_hours": 216,
                "duration_hours": 3,
                "state": "scheduled",
                "moderation": "pre",
            },
        ],
        "posts": [
            {
                "key": "p1",
                "parent": None,
                "author": {
                    "name": "Milan",
                    "language": "sr",
                    "country": "RS",
                    "town": "Novi Sad",
                },
                "language": "en",
                "body": (
                    "Eleanor Roosevelt put it well:\n"
                    "\n"
                    "> Where, after all, do universal human rights begin? In small places, close "
                    "to home.\n"
                    "\n"
                    "For me that starts with the town council publishing its agenda a week in "
                    "advance, in a form anyone can read."
                ),
            },
            {
                "key": "p2",
                "parent": "p1",
                "author": {
                    "name": "Ioana",
                    "language": "ro",
                    "country": "RO",
                    "town": "Sibiu",
                },
                "language": "ro",
                "body": (
                    "De acord. La noi, ședințele consiliului local sunt transmise online, dar "
                    "puțini oameni le urmăresc. Cred că avem nevoie și de *educație civică* în "
                    "școli, nu doar de transparență."
                ),
            },
            {
                "key": "p3",
                "parent": "p2",
                "author": {
                    "name": "Georgi P.",
                    "language": "bg",
                    "country": "BG",
                    "town": "Simitli",
                },
                "language": "bg",
                "body": (
                    "Напълно подкрепям идеята за гражданско образование. Миналата година ученици "
                    "от Симитли проследиха заседание на общинския съвет и след това представиха "
                    "свои предложения. Част от тях вече се изпълняват."
                ),
            },
            {
                "key": "p4",
                "parent": None,
                "author": {
                    "name": "Samira",
                    "language": "ar",
                    "country": "IT",
                    "town": "Matera",
                },
                "language": "ar",
                "body": (
                    "لا أستطيع التصويت في الانتخابات المحلية بعد، لكنني أريد أن أشارك. هل يمكن "
                    "للبلديات إنشاء مجلس استشاري للمقيمين الأجانب يكون له رأي حقيقي في القرارات؟"
                ),
            },
            {
                "key": "p5",
                "parent": "p4",
                "author": {
                    "name": "Inês",
                    "language": "pt",
                    "country": "PT",
                    "town": "Guimarães",
                },
                "language": "en",
                "body": (
                    "Samira, several Portuguese municipalities have councils like that. The main "
                    "lesson I have seen: they need a **fixed place on the council's agenda**, not "
                    "just an annual report that nobody discusses."
                ),
            },
            {
                "key": "p6",
                "parent": None,
                "author": {
                    "name": "Arben",
                    "language": "sq",
                    "country": "AL",
                    "town": "Korçë",
                },
                "language": "sq",
                "body": (
                    "Për mua qytetaria aktive fillon me të rinjtë. Në Korçë, këshilli rinor i "
                    "bashkisë organizoi dëgjesa publike për hapësirat e gjelbra dhe pjesëmarrja "
                    "ishte shumë e lartë. Pyetja ime: si ta arrijmë të njëjtën gjë edhe me të "
                    "rinjtë nga komunitetet pakicë?"
                ),
            },
            {
                "key": "p7",
                "parent": "p6",
                "author": {
                    "name": "Līga",
                    "language": "lv",
                    "country": "LV",
                    "town": "Cēsis",
                },
                "language": "en",
                "body": (
                    "In Cēsis we asked young people from minority families to *co-host* the "
                    "hearings rather than just attend them. It made a real difference to who "
                    "showed up."
                ),
            },
        ],
    },
]
