"""Curated skill alias table: canonical name, category, Arabic display name, aliases.

Aliases are matched as whole token sequences after normalisation (see text.py), so
"k8s" finds Kubernetes but "rest of the team" does not find REST APIs. Words that are
common English ("go", "rest", "spring", "express", "swift", "cloud", "shell") are only
listed in unambiguous forms. Arabic aliases are written naturally; normalisation folds
alef/ta-marbuta variants and the article.

Categories pick the technical question template (see templates.py).
"""

from __future__ import annotations

# Canonical names that are everyday words: matched in free text only through their aliases.
NAME_IS_A_WORD = frozenset({"Go", "Swift"})

# (canonical, category, arabic display name or "", "alias|alias|...")
SKILLS: tuple[tuple[str, str, str, str], ...] = (
    # programming languages
    ("Python", "language", "", "python|python3|بايثون|بايثن|بيثون"),
    ("JavaScript", "language", "", "javascript|js|ecmascript|es6|جافاسكريبت|جافا سكريبت"),
    ("TypeScript", "language", "", "typescript|تايب سكريبت"),
    ("Java", "language", "", "java|جافا"),
    ("C#", "language", "", "c#|csharp|c sharp|سي شارب"),
    ("C++", "language", "", "c++|cpp|سي بلس بلس"),
    ("Go", "language", "", "golang|go lang|go language"),
    ("Rust", "language", "", "rust|rustlang"),
    ("Ruby", "language", "", "ruby"),
    ("PHP", "language", "", "php|بي اتش بي"),
    ("Kotlin", "language", "", "kotlin|كوتلن"),
    ("Swift", "language", "", "swiftui|swift programming|swift language"),
    ("Scala", "language", "", "scala"),
    ("Dart", "language", "", "dart"),
    ("SQL", "database", "", "sql|t-sql|pl/sql|structured query language"),
    ("Bash", "devops", "", "bash|shell scripting|shell scripts"),
    # front end
    ("React", "frontend", "", "react|reactjs|react.js|رياكت"),
    ("Angular", "frontend", "", "angular|angularjs|انجولار"),
    ("Vue.js", "frontend", "", "vue|vuejs|vue.js"),
    ("Next.js", "frontend", "", "next.js|nextjs"),
    ("HTML", "frontend", "", "html|html5"),
    ("CSS", "frontend", "", "css|css3|sass|scss"),
    ("Tailwind CSS", "frontend", "", "tailwind|tailwindcss|tailwind css"),
    ("Redux", "frontend", "", "redux"),
    # back end
    ("Node.js", "backend", "", "node|nodejs|node.js|نود جي اس"),
    ("Django", "backend", "", "django|جانغو"),
    ("Flask", "backend", "", "flask"),
    ("FastAPI", "backend", "", "fastapi"),
    ("Spring Boot", "backend", "", "spring boot|springboot|spring framework"),
    (".NET", "backend", "", ".net|dotnet|asp.net|.net core"),
    ("Express.js", "backend", "", "express.js|expressjs"),
    ("Laravel", "backend", "", "laravel|لارافيل"),
    ("Ruby on Rails", "backend", "", "rails|ruby on rails"),
    (
        "REST APIs",
        "backend",
        "",
        "restful|rest api|rest apis|restful api|restful apis|rest services",
    ),
    ("GraphQL", "backend", "", "graphql"),
    ("gRPC", "backend", "", "grpc"),
    ("Microservices", "backend", "", "microservices|microservice|micro services|الخدمات المصغرة"),
    ("Kafka", "backend", "", "kafka|apache kafka"),
    ("RabbitMQ", "backend", "", "rabbitmq"),
    # databases
    ("PostgreSQL", "database", "", "postgresql|postgres|psql|بوستجرس|بوستغريس"),
    ("MySQL", "database", "", "mysql|ماي اس كيو ال"),
    ("MongoDB", "database", "", "mongodb|mongo|مونغو"),
    ("Redis", "database", "", "redis"),
    ("Elasticsearch", "database", "", "elasticsearch|elastic search|opensearch"),
    ("Oracle Database", "database", "", "oracle|oracle db|oracle database"),
    ("SQL Server", "database", "", "sql server|mssql|ms sql"),
    ("DynamoDB", "database", "", "dynamodb"),
    ("Snowflake", "database", "", "snowflake"),
    ("BigQuery", "database", "", "bigquery|big query"),
    # cloud
    ("AWS", "cloud", "", "aws|amazon web services|امازون ويب سيرفيسز"),
    ("Google Cloud", "cloud", "", "google cloud|gcp|google cloud platform"),
    ("Azure", "cloud", "", "azure|microsoft azure"),
    (
        "Cloud Computing",
        "cloud",
        "الحوسبة السحابية",
        "cloud computing|cloud infrastructure|cloud platforms|الحوسبة السحابية",
    ),
    # devops
    ("Docker", "devops", "", "docker|containers|containerization|دوكر"),
    ("Kubernetes", "devops", "", "kubernetes|k8s|كوبرنيتس|كوبرنيتيس|كوبيرنيتس"),
    ("Terraform", "devops", "", "terraform|تيرافورم"),
    ("Ansible", "devops", "", "ansible"),
    ("Jenkins", "devops", "", "jenkins"),
    (
        "CI/CD",
        "devops",
        "التكامل والنشر المستمر",
        "ci/cd|ci cd|cicd|continuous integration|continuous delivery|continuous deployment|"
        "github actions|gitlab ci|التكامل المستمر|النشر المستمر",
    ),
    ("Git", "devops", "", "git|github|gitlab|bitbucket"),
    ("Linux", "devops", "", "linux|ubuntu|لينكس"),
    ("Helm", "devops", "", "helm"),
    ("Prometheus", "devops", "", "prometheus"),
    ("Grafana", "devops", "", "grafana"),
    ("DevOps", "devops", "", "devops|ديف اوبس"),
    ("Nginx", "devops", "", "nginx"),
    # data and ML
    (
        "Machine Learning",
        "data",
        "تعلم الآلة",
        "machine learning|ml|تعلم الالة|التعلم الالي|تعلم الآلة",
    ),
    ("Deep Learning", "data", "التعلم العميق", "deep learning|التعلم العميق"),
    (
        "Artificial Intelligence",
        "data",
        "الذكاء الاصطناعي",
        "artificial intelligence|ai|الذكاء الاصطناعي",
    ),
    ("LLMs", "data", "", "llm|llms|large language models|large language model"),
    (
        "NLP",
        "data",
        "معالجة اللغات الطبيعية",
        "nlp|natural language processing|معالجة اللغات الطبيعية|معالجة اللغة الطبيعية",
    ),
    ("Computer Vision", "data", "الرؤية الحاسوبية", "computer vision|الرؤية الحاسوبية"),
    (
        "Data Analysis",
        "data",
        "تحليل البيانات",
        "data analysis|data analytics|data analyst|تحليل البيانات",
    ),
    (
        "Data Engineering",
        "data",
        "هندسة البيانات",
        "data engineering|data engineer|etl|هندسة البيانات|مهندس بيانات|مهندس البيانات",
    ),
    ("TensorFlow", "data", "", "tensorflow|keras"),
    ("PyTorch", "data", "", "pytorch|torch"),
    ("scikit-learn", "data", "", "scikit-learn|sklearn|scikit learn"),
    ("Pandas", "data", "", "pandas"),
    ("NumPy", "data", "", "numpy"),
    ("Spark", "data", "", "spark|apache spark|pyspark"),
    ("Airflow", "data", "", "airflow|apache airflow"),
    ("Power BI", "data", "", "power bi|powerbi|باور بي اي"),
    ("Tableau", "data", "", "tableau"),
    ("Statistics", "data", "الإحصاء", "statistics|statistical analysis|الاحصاء|التحليل الاحصائي"),
    # mobile
    ("Android", "mobile", "", "android|اندرويد"),
    ("iOS", "mobile", "", "ios"),
    ("React Native", "mobile", "", "react native"),
    ("Flutter", "mobile", "", "flutter|فلاتر"),
    # testing and security
    ("Unit Testing", "testing", "", "unit testing|unit tests|pytest|jest|junit|tdd"),
    ("Test Automation", "testing", "", "test automation|selenium|cypress|automated testing"),
    ("Quality Assurance", "testing", "ضمان الجودة", "qa|quality assurance|ضمان الجودة"),
    (
        "Cybersecurity",
        "security",
        "الأمن السيبراني",
        "cybersecurity|cyber security|information security|infosec|الامن السيبراني|امن المعلومات",
    ),
    ("Penetration Testing", "security", "", "penetration testing|pentesting|اختبار الاختراق"),
    # design and architecture
    (
        "UI/UX Design",
        "design",
        "تصميم تجربة المستخدم",
        "ui/ux|ux|ui design|ux design|user experience|تصميم تجربة المستخدم|تجربة المستخدم",
    ),
    ("Figma", "design", "", "figma"),
    ("Adobe Photoshop", "design", "", "photoshop|adobe photoshop|فوتوشوب"),
    (
        "System Design",
        "design",
        "تصميم الأنظمة",
        "system design|software architecture|distributed systems|تصميم الانظمه|تصميم الأنظمة",
    ),
    # management
    (
        "Project Management",
        "management",
        "إدارة المشاريع",
        "project management|pmp|ادارة المشاريع|إدارة المشاريع|ادارة مشاريع",
    ),
    ("Agile", "management", "", "agile|اجايل|المنهجية الرشيقة|المنهجيات الرشيقة"),
    ("Scrum", "management", "", "scrum|سكرم"),
    ("Jira", "management", "", "jira|جيرا"),
    ("Product Management", "management", "إدارة المنتجات", "product management|إدارة المنتجات"),
    (
        "Team Leadership",
        "management",
        "قيادة الفرق",
        "team leadership|leadership|team lead|people management|قيادة الفريق|قيادة الفرق|القيادة",
    ),
    (
        "Stakeholder Management",
        "management",
        "إدارة أصحاب المصلحة",
        "stakeholder management|إدارة أصحاب المصلحة",
    ),
    ("Risk Management", "management", "إدارة المخاطر", "risk management|إدارة المخاطر"),
    ("Budgeting", "management", "إدارة الميزانية", "budgeting|budget management|إدارة الميزانية"),
    # business functions
    ("Sales", "business", "المبيعات", "sales|b2b sales|المبيعات"),
    (
        "Customer Service",
        "business",
        "خدمة العملاء",
        "customer service|customer support|خدمة العملاء",
    ),
    ("Marketing", "business", "التسويق", "marketing|التسويق"),
    ("Digital Marketing", "business", "التسويق الرقمي", "digital marketing|التسويق الرقمي"),
    ("SEO", "business", "", "seo|search engine optimization|تحسين محركات البحث"),
    ("Social Media", "business", "وسائل التواصل الاجتماعي", "social media|وسائل التواصل الاجتماعي"),
    ("Accounting", "business", "المحاسبة", "accounting|bookkeeping|المحاسبة|محاسبة"),
    (
        "Financial Analysis",
        "business",
        "التحليل المالي",
        "financial analysis|financial modeling|financial modelling|التحليل المالي",
    ),
    (
        "Recruitment",
        "business",
        "التوظيف",
        "recruitment|recruiting|talent acquisition|التوظيف|استقطاب المواهب",
    ),
    ("Human Resources", "business", "الموارد البشرية", "human resources|hr|الموارد البشرية"),
    ("Negotiation", "business", "التفاوض", "negotiation|negotiating|التفاوض"),
    ("CRM", "business", "", "crm|hubspot"),
    ("Salesforce", "business", "", "salesforce"),
    ("SAP", "business", "", "sap|sap erp"),
    ("Business Analysis", "business", "تحليل الأعمال", "business analysis|تحليل الأعمال"),
    (
        "Supply Chain",
        "business",
        "سلاسل الإمداد",
        "supply chain|logistics|سلاسل الامداد|الخدمات اللوجستية",
    ),
    ("Content Writing", "business", "كتابة المحتوى", "content writing|copywriting|كتابة المحتوى"),
    # soft skills and tools
    (
        "Communication",
        "soft",
        "مهارات التواصل",
        "communication|communication skills|مهارات التواصل|مهارات الاتصال",
    ),
    ("Problem Solving", "soft", "حل المشكلات", "problem solving|problem-solving|حل المشكلات"),
    (
        "Teamwork",
        "soft",
        "العمل الجماعي",
        "teamwork|team work|team player|العمل الجماعي|العمل ضمن فريق",
    ),
    ("Time Management", "soft", "إدارة الوقت", "time management|إدارة الوقت"),
    ("Microsoft Excel", "office", "", "excel|ms excel|microsoft excel|اكسل|إكسل"),
    ("Microsoft Office", "office", "", "ms office|microsoft office|office 365|مايكروسوفت اوفيس"),
    ("English", "spoken", "اللغة الإنجليزية", "english|الانجليزية|اللغة الانجليزية"),
    ("Arabic", "spoken", "اللغة العربية", "arabic|العربية|اللغة العربية"),
)

# Related technology: working with one of these is working with the skill (answers about
# Django services are Python answers; EKS and Helm are Kubernetes). Each entry is a
# canonical skill above or an extra term the table does not list as a skill of its own.
# Used by the interview evaluator to judge whether an answer is on topic.
RELATED: tuple[tuple[str, str], ...] = (
    (
        "Python",
        "Django|Flask|FastAPI|Pandas|NumPy|PyTorch|TensorFlow|scikit-learn|Airflow|sqlalchemy|"
        "celery|asyncio|pydantic|pytest|alembic|gunicorn|uvicorn|mypy|jupyter|pip|poetry",
    ),
    ("JavaScript", "TypeScript|Node.js|React|Angular|Vue.js|Next.js|Express.js|npm"),
    ("TypeScript", "JavaScript|Node.js|React|Angular|Next.js"),
    ("Java", "Spring Boot|Kotlin|maven|gradle|jvm|hibernate"),
    ("Go", "goroutines|goroutine"),
    (
        "SQL",
        "PostgreSQL|MySQL|SQL Server|Oracle Database|BigQuery|Snowflake|query|queries|join|joins|"
        "استعلام|استعلامات",
    ),
    (
        "PostgreSQL",
        "SQL|psql|pgbouncer|postgis|vacuum|timescaledb|aurora|partitioned|partitioning|index|"
        "indexes|query|queries",
    ),
    ("MySQL", "SQL|innodb|aurora|index|indexes|query|queries"),
    ("MongoDB", "nosql|mongoose|sharding"),
    (
        "Kubernetes",
        "Helm|Docker|eks|aks|gke|kubectl|pod|pods|ingress|istio|argocd|openshift|k3s|kustomize|"
        "operator|operators|كونتينرات|حاويات",
    ),
    ("Docker", "Kubernetes|dockerfile|compose|image|images"),
    (
        "AWS",
        "ec2|s3|lambda|eks|ecs|rds|cloudformation|cloudwatch|DynamoDB|iam|sqs|sns|fargate|aurora|"
        "alb|elb|route53|Terraform",
    ),
    ("Google Cloud", "gke|BigQuery|cloud run|pubsub|gcs"),
    ("Azure", "aks|azure devops|cosmos db"),
    ("Terraform", "AWS|Ansible|infrastructure as code|iac|pulumi|cloudformation"),
    ("Kafka", "RabbitMQ|sqs|kinesis|pubsub|events|event|topics|consumers|queue|queues"),
    ("RabbitMQ", "Kafka|Redis|sqs|amqp|celery|queue|queues|broker|consumers|messages|pubsub"),
    ("Redis", "cache|caching|memcached"),
    ("REST APIs", "FastAPI|Django|Flask|Express.js|Spring Boot|GraphQL|gRPC|api|apis|endpoint"),
    ("GraphQL", "REST APIs|apollo|resolver|resolvers|schema"),
    (
        "Machine Learning",
        "scikit-learn|TensorFlow|PyTorch|Deep Learning|NLP|Computer Vision|model|models|training|"
        "features|xgboost|classifier|regression|نموذج|نماذج|تدريب",
    ),
    ("Data Engineering", "Airflow|Spark|Kafka|SQL|pipeline|pipelines|etl|خطوط|معالجة"),
    ("CI/CD", "Jenkins|Git|pipeline|pipelines|deploy|deployment"),
    ("React", "JavaScript|TypeScript|Next.js|Redux|hooks|jsx"),
)
