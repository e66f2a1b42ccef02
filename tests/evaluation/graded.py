"""Graded candidates: six levels of answer quality for one English and one Arabic job.

Each level answers the plan's real questions (ids from `analyze_fit` on the fixtures'
backend job + strong CV, and the Arabic data job + Arabic CV):
- excellent: on topic, own role, decisions, measurable results;
- good: on topic, own role, a result, less depth;
- generic: on topic but general practice, no specific project or result;
- vague: names the topic, says little, hedges;
- off_topic: fluent, confident answers about something else (or dodging the question);
- one_word: "Yes." and the like.
The intended order is the order of LEVELS.
"""

from __future__ import annotations

from agent.analysis import analyze_fit
from agent.analysis.results import FitResult
from tests.analysis.fixtures import TODAY, application, arabic_job, backend_job, read

LEVELS = ("excellent", "good", "generic", "vague", "off_topic", "one_word")

EN_PROMPT = "Why do you want to join a fintech company?"


async def graded_jobs() -> dict[str, FitResult]:
    """The plans the graded answers were written for, by language."""
    en = await analyze_fit(
        application(backend_job(interviewPrompt=EN_PROMPT)),
        read("strong_cv.txt"),
        duration_minutes=20,
        today=TODAY,
    )
    ar = await analyze_fit(
        application(arabic_job(), name="أحمد العلي"),
        read("arabic_cv.txt"),
        duration_minutes=15,
        today=TODAY,
    )
    return {"en": en, "ar": ar}


EN: dict[str, dict[str, str]] = {
    "excellent": {
        "custom-1": "Payments are where correctness really matters, and I have spent four years "
        "on them. At my last company I built the ledger service and we cut reconciliation "
        "errors by 90% in one quarter. I want to keep working on money movement at a larger "
        "scale, and your platform serves three million people.",
        "strength-python": "At PayNow I rebuilt our payment services in Django and later moved "
        "the hot path to FastAPI with async workers. I designed the idempotency layer myself "
        "so retries could never double charge. Throughput went from 300 to 2,100 payments per "
        "second, and p95 latency dropped from 800 ms to 120 ms.",
        "strength-postgresql": "On the ledger project I partitioned a two billion row Postgres "
        "table by month. I wrote the online migration in batches with a dual write period, so "
        "there was no downtime. Query latency dropped 5x and the nightly batch went from four "
        "hours to 35 minutes.",
        "strength-kubernetes": "I moved our twelve services from virtual machines to EKS. I "
        "wrote the Helm charts, set resource limits and readiness probes, and introduced "
        "canary releases with Argo CD. Failed deploys went from about one a week to one a "
        "quarter, and rollbacks now take two minutes.",
        "gap-rabbitmq": "I have not run RabbitMQ in production, but I ran Kafka and SQS for our "
        "payment events. I built the consumer framework with retries and a dead letter queue, "
        "so I know the same ideas of acknowledgements and redelivery. To be honest my RabbitMQ "
        "level is basic, and I would start with the official tutorials and a side project.",
        "tech-aws": "For our payments API on AWS I run it in two availability zones behind an "
        "ALB, with RDS Multi-AZ and blue green deployments on ECS. I chose blue green instead "
        "of rolling updates because we needed instant rollback. During a zone outage last "
        "year we kept 99.95% availability and lost no payments.",
        "tech-duty": "I designed and operated the payments API at PayNow for three years. I "
        "versioned the endpoints, added idempotency keys and wrote the runbooks for on call. "
        "Here I would start by measuring error rates per endpoint and agree on SLOs, and we "
        "cut incidents by a third the last time I did that.",
        "behaviour-leadership": "Last year we had a regulator deadline for a new payout report. "
        "I split the work into three streams, I organised daily check-ins and I took the "
        "riskiest migration myself. As a result we shipped two days early, and I learned to "
        "cut scope sooner.",
    },
    "good": {
        "custom-1": "I like payments because mistakes are expensive and that makes the "
        "engineering careful. At my last company I worked on the ledger service and enjoyed it.",
        "strength-python": "I built REST services in Django at my last job. I wrote most of the "
        "order API and its tests, and the release went well with fewer bugs than before.",
        "strength-postgresql": "I worked a lot with Postgres. I added indexes and rewrote slow "
        "queries for our reporting tables, and the main report got about twice as fast.",
        "strength-kubernetes": "I deployed our services to Kubernetes with Helm charts. I set "
        "up the readiness probes and the rolling deployments, and releases got more reliable.",
        "gap-rabbitmq": "I used Kafka for events, not RabbitMQ. I wrote a consumer with retries "
        "for our order events, and I think the concepts would transfer.",
        "tech-aws": "I deployed services on AWS with an autoscaling group behind a load "
        "balancer across two zones. I used rolling releases, so one bad instance did not take "
        "the service down.",
        "tech-duty": "I maintained our payments API for two years. I added versioning to the "
        "endpoints and improved the error handling, which reduced support tickets.",
        "behaviour-leadership": "We had a tight deadline for a partner launch. I planned the "
        "work with the team, split the tasks and we delivered on time.",
    },
    "generic": {
        "custom-1": "Fintech is an exciting industry and I think technology is changing how "
        "companies handle money. I would like to be part of that change.",
        "strength-python": "Python is my main language. I use it for backend services and "
        "scripts, and I follow best practices like clean code, code reviews and unit tests.",
        "strength-postgresql": "I use Postgres in most projects. I usually design the schema "
        "carefully, add indexes where needed and check query plans when something is slow.",
        "strength-kubernetes": "Kubernetes is great for running containers. I know how to "
        "write deployments and services, and I use it to deploy applications.",
        "gap-rabbitmq": "Message queues like RabbitMQ are useful to decouple services. I "
        "understand the concepts of producers, consumers and queues.",
        "tech-aws": "On AWS you should use multiple availability zones, a load balancer and "
        "health checks, and deploy with rolling updates so the service stays up.",
        "tech-duty": "Designing APIs well is important. I would keep the payments APIs "
        "consistent, document them and monitor them in production.",
        "behaviour-leadership": "When there is a deadline I think planning is key. A team "
        "needs clear priorities and good communication to deliver on time.",
    },
    "vague": {
        "custom-1": "I need a job and fintech seems like a stable company to join.",
        "strength-python": "I used Python at my job for some backend things, it went fine.",
        "strength-postgresql": "Postgres, yes, we used it as the database in a few projects.",
        "strength-kubernetes": "Kubernetes, I deployed a couple of things with it, nothing big.",
        "gap-rabbitmq": "No, I don't know RabbitMQ, I never used it.",
        "tech-aws": "On AWS I would put the service on some servers and watch it.",
        "tech-duty": "APIs, yes, I worked on some payments APIs before, it was ok.",
        "behaviour-leadership": "I would probably talk to the team about the deadline.",
    },
    "off_topic": {
        "custom-1": "That is a great question. I am a very passionate person and I always give "
        "one hundred percent in everything I do, my friends say I am very reliable.",
        "strength-python": "At my company we had team lunches every Friday and I organised the "
        "football team. We won the league in 2022 and everybody was very happy about it.",
        "strength-postgresql": "I also have a side business. I sell handmade furniture online "
        "and it grew to 300 customers in the first year, which I am proud of.",
        "strength-kubernetes": "I think the most important thing in any job is attitude. I "
        "always arrive early, I am friendly with everyone and I never complain.",
        "gap-rabbitmq": "I prefer not to go into that. Let me tell you instead about my "
        "hobbies, I love hiking and photography and I travel a lot in summer.",
        "tech-aws": "Honestly I am more of a people person. I enjoy meetings, I like talking "
        "to customers and I am good at making everyone feel welcome in the office.",
        "tech-duty": "My previous manager always said I was the hardest working person on "
        "the floor, and I received an award for the best attendance in 2021.",
        "behaviour-leadership": "I like to keep a positive mood, so I bring snacks for "
        "everyone and I organise games on Fridays to keep people happy.",
    },
    "one_word": {
        "custom-1": "Money.",
        "strength-python": "Yes.",
        "strength-postgresql": "Yes.",
        "strength-kubernetes": "Some.",
        "gap-rabbitmq": "No.",
        "tech-aws": "Servers.",
        "tech-duty": "Yes.",
        "behaviour-leadership": "Once.",
    },
}

AR: dict[str, dict[str, str]] = {
    "excellent": {
        "custom-1": "أعمل منذ خمس سنوات على منصات البيانات، وشركتكم تبني منصة تخدم ملايين "
        "العملاء. في شركتي الحالية بنيت منصة بيانات خدمت مليون عميل، وأريد أن أعمل على هذا "
        "الحجم من البيانات.",
        "strength-sql": "في مشروع التقارير المالية أعدت كتابة الاستعلامات الثقيلة في "
        "PostgreSQL وأضفت الفهارس المناسبة وقسمت الجداول حسب الشهر. قمت بنفسي بتحليل خطط "
        "التنفيذ، وانخفض زمن التقرير من ٤٠ دقيقة إلى ٣ دقائق.",
        "strength-python": "قدت فريقًا من أربعة مهندسين لبناء خطوط معالجة البيانات "
        "باستخدام Pandas و Airflow. صممت بنفسي طبقة التحقق من جودة البيانات، والنتيجة خفض "
        "زمن المعالجة بنسبة ٤٠٪ وتقليل الأخطاء إلى النصف.",
        "gap-kubernetes": "لم أدر Kubernetes بنفسي في الإنتاج، لكنني استخدمت Docker "
        "لتشغيل خطوط المعالجة وكتبت ملفات النشر مع فريق البنية التحتية. بصراحة مستواي "
        "أساسي، وسأبدأ بدورة عملية ومشروع جانبي في الشهر الأول.",
        "tech-duty": "بنيت خطوط معالجة البيانات في شركتي الحالية وصنتها لثلاث سنوات. أضفت "
        "مراقبة لكل مرحلة وتنبيهات عند تأخر البيانات، فانخفضت الأعطال من عشرة في الشهر إلى "
        "اثنين. هنا سأبدأ بقياس زمن كل خط معالجة ونسبة الأخطاء فيه.",
        "behaviour-leadership": "في العام الماضي كان لدينا موعد نهائي صعب لإطلاق تقرير "
        "للجهة الرقابية. وزعت العمل على ثلاثة مسارات ونظمت اجتماعًا يوميًا قصيرًا وتوليت "
        "بنفسي الجزء الأخطر. في النهاية سلمنا قبل الموعد بيومين، وتعلمت أن أقلص النطاق مبكرًا.",
    },
    "good": {
        "custom-1": "أحب العمل مع البيانات، وفي شركتي الحالية عملت على منصة بيانات كبيرة "
        "وأعجبني ذلك كثيرًا.",
        "strength-sql": "كتبت استعلامات SQL كثيرة للتقارير، وقمت بتحسين بعض الاستعلامات "
        "البطيئة بإضافة فهارس، فأصبحت التقارير أسرع.",
        "strength-python": "طورت سكربتات بايثون لمعالجة البيانات في عملي، وكتبت اختبارات "
        "لها، ونجح المشروع في موعده.",
        "gap-kubernetes": "استخدمت Docker لتشغيل الخدمات، ولم أستخدم Kubernetes كثيرًا، "
        "لكنني أعرف الحاويات وسأتعلم الباقي.",
        "tech-duty": "عملت على صيانة خطوط معالجة البيانات في شركتي، وأصلحت الأعطال وحسنت المراقبة.",
        "behaviour-leadership": "كان لدينا موعد نهائي لإطلاق مشروع، فقمت بتنظيم المهام مع "
        "الفريق وسلمنا في الموعد.",
    },
    "generic": {
        "custom-1": "شركتكم معروفة ومجال البيانات مهم جدًا في هذا العصر، وأتمنى أن أكون جزءًا منه.",
        "strength-sql": "SQL لغة مهمة جدًا للبيانات، وأنا أستخدمها في العمل وأحاول دائمًا كتابة "
        "استعلامات واضحة.",
        "strength-python": "بايثون لغة سهلة وقوية، وأستخدمها في أغلب المهام وأتبع أفضل "
        "الممارسات في كتابة الكود.",
        "gap-kubernetes": "Kubernetes أداة مهمة لإدارة الحاويات، وأعرف مفاهيمها الأساسية.",
        "tech-duty": "خطوط معالجة البيانات تحتاج إلى تصميم جيد ومراقبة مستمرة حتى تبقى موثوقة.",
        "behaviour-leadership": "عندما يكون هناك موعد نهائي أرى أن التخطيط الجيد وتحديد "
        "الأولويات هما الأساس.",
    },
    "vague": {
        "custom-1": "أحتاج إلى وظيفة، وشركتكم تعمل في البيانات وهذا جيد.",
        "strength-sql": "استخدمت SQL في عملي لبعض الاستعلامات، وكان الأمر جيدًا.",
        "strength-python": "استخدمت بايثون قليلًا في بعض المهام في الشركة.",
        "gap-kubernetes": "Kubernetes لم أستخدمه كثيرًا، سمعت عنه فقط من زملائي في العمل.",
        "tech-duty": "خطوط البيانات، نعم، عملت على بعض خطوط المعالجة من قبل.",
        "behaviour-leadership": "ربما سأتحدث مع الفريق عن الموعد النهائي.",
    },
    "off_topic": {
        "custom-1": "سؤال جميل. أنا شخص طموح جدًا وأحب التحدي، وأصدقائي يقولون إنني مخلص "
        "ومجتهد في كل ما أفعله.",
        "strength-sql": "لدي مشروع جانبي لبيع الأثاث المصنوع يدويًا عبر الإنترنت، ووصل عدد "
        "الزبائن إلى ثلاثمئة في السنة الأولى.",
        "strength-python": "في شركتي كنا نتناول الغداء معًا كل يوم خميس، وفاز فريق كرة "
        "القدم الذي نظمته بالبطولة في عام ٢٠٢٢.",
        "gap-kubernetes": "أفضل ألا أتحدث عن هذا. دعني أحدثك عن هواياتي، أحب السفر "
        "والتصوير والمشي في الطبيعة.",
        "tech-duty": "مديري السابق كان يقول دائمًا إنني أكثر الموظفين التزامًا بالحضور، "
        "وحصلت على جائزة الانضباط.",
        "behaviour-leadership": "أحب أن أنشر جوًا إيجابيًا في المكتب، فأحضر الحلويات للجميع "
        "وأنظم الألعاب في نهاية الأسبوع.",
    },
    "one_word": {
        "custom-1": "المال.",
        "strength-sql": "نعم.",
        "strength-python": "نعم.",
        "gap-kubernetes": "لا.",
        "tech-duty": "نعم.",
        "behaviour-leadership": "مرة.",
    },
}
