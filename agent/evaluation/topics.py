"""Topic vocabulary (English and Arabic) that tells an on-topic answer from an off-topic one.

Data only; `relevance.py` reads it. Words are written naturally and stemmed like answers
(see `relevance.stem`), so "deadline", "deadlines" and "Deadline" meet.
"""

from __future__ import annotations

# Words every interview question uses; they say nothing about what the question is about.
GENERIC = (
    "tell about time describe situation example specific piece work worked working walk "
    "through played part role result results experience background shows show would like "
    "plus something similar used using have what which while where there their your yours "
    "this that these those with from into about again actually real really give given "
    "explain explains states describes concrete clearly clear answer answers question "
    "questions team teams thing things kind good great made make making done want take took "
    "went come came well also just very much many more most some other others people year "
    "years last first next help them they then than been being were when were what wrong "
    "responsibilities responsibility handled handle approach here role's proud stays refer "
    "actually ever most least big "
    "حدثني عن موقف مثال محدد عمل عملت تجربه خبره خبرتك دور دورك النتيجه نتيجه التي الذي "
    "هذه هذا ذلك تلك كيف ماذا لماذا متى اين هل كان كانت لديك عندك يمكنك ممكن سيرتك الذاتيه "
    "تظهر يصف يشرح يذكر بوضوح فعلت قمت الفريق فريق نهايه"
).split()

# Extra topic words by skill category (the skill table's categories); "engineering" is
# added for every technical category.
TECHNICAL = frozenset(
    {
        "language",
        "backend",
        "database",
        "cloud",
        "devops",
        "frontend",
        "mobile",
        "data",
        "testing",
        "security",
    }
)
CATEGORY = {
    "engineering": "api apis service services request requests latency throughput layer system "
    "systems server servers database query queries deploy deployed release production code bug "
    "bugs test tests migration cluster cache queue pipeline performance scale scaled scaling "
    "load traffic error errors outage monitoring architecture endpoint idempotency reliability "
    "uptime batch batches worker workers memory cpu ledger payments schema integration "
    "خدمه خدمات طلبات نظام انظمه خادم خوادم قاعده بيانات نشر انتاج كود اختبار ترحيل اداء حمل "
    "اخطاء مراقبه موثوقيه معالجه زمن تقرير تقارير تحليل تنفيذ استعلام استعلامات فهارس جداول "
    "تنبيهات اعطال",
    "language": "code codebase function functions class classes module modules library "
    "libraries package test tests testing refactor refactored typing types api apis service "
    "services script scripts bug bugs performance memory concurrency async review structure "
    "شيفره كود دوال مكتبه مكتبات اختبار اختبارات خدمه خدمات اداء",
    "backend": "api apis endpoint endpoints service services request requests latency "
    "throughput load error errors retry retries idempotency idempotent version versioning "
    "schema cache queue deploy deployment traffic خدمه خدمات طلبات اخطاء حمل",
    "database": "database databases table tables index indexes query queries schema "
    "migration migrations replication partition partitioned latency transactions rows "
    "قاعده بيانات جداول جدول فهرس فهارس استعلام استعلامات ترحيل",
    "cloud": "cloud deploy deployment deployed region regions availability failover release "
    "releases rollback scaling autoscaling instances load balancer infrastructure outage "
    "سحابه نشر اصدار اصدارات توافر اعطال",
    "devops": "pipeline pipelines deploy deployment deployed cluster clusters container "
    "containers infrastructure release releases rollback monitoring alerts reliability "
    "incident incidents نشر حاويات بنيه تحتيه مراقبه موثوقيه",
    "frontend": "component components render rendering bundle state browser page pages ui "
    "performance accessibility واجهه مكونات صفحات",
    "mobile": "app apps release releases crash crashes store performance device devices "
    "تطبيق تطبيقات اعطال",
    "data": "data dataset datasets model models training pipeline pipelines features "
    "accuracy validation production monitoring etl بيانات نموذج نماذج تدريب دقه معالجه "
    "خطوط انتاج",
    "testing": "test tests testing coverage automation bugs regression اختبار اختبارات",
    "security": "security vulnerability vulnerabilities threat threats audit access امن ثغرات",
    "design": "design architecture users user prototype components تصميم مستخدمين",
    "management": "plan planning priorities deadline scope stakeholders sprint backlog "
    "milestones خطه اولويات نطاق",
}

# Extra topic words for the plan's fixed questions, by question id.
QUESTION = {
    "behaviour-leadership": "deadline deadlines schedule scope priorities prioritised "
    "prioritized plan planned milestone release launch deliver delivered ship shipped "
    "delegate delegated split organised organized standup stakeholders pressure late risk "
    "overtime موعد نهائي جدول نطاق اولويات خطه اطلاق تسليم سلمنا وزعت نظمت ضغط مخاطر تاخير",
    "behaviour-conflict": "disagree disagreed disagreement argue argued argument conflict "
    "colleague manager opinion convince convinced compromise discuss discussed debate "
    "pushback proposal proposed agreed اختلفت خلاف زميل مدير راي اقنعت اقناع ناقشت اتفقنا "
    "اقترحت",
    "behaviour-failure": "wrong mistake mistakes error outage incident bug broke broken failed "
    "failure rollback rolled postmortem fix fixed recover recovered root cause lesson "
    "responsible apologised apologized خطا اخطاء عطل انقطاع فشل اصلحت اصلاح درس تعلمت "
    "مسوول السبب",
    "career": "career job jobs moved move left joined promotion promoted company companies "
    "contract layoff relocated growth startup مسيرتي وظيفه انتقلت تركت انضممت ترقيه شركه "
    "عقد",
    "general-motivation": "role company motivation motivated interest interested excited "
    "mission product customers domain وظيفه شركه دافع اهتمام شغف منتج",
    "gap-experience": "responsibility responsibilities owned ownership scope led end senior "
    "projects مسووليه مسووليات نطاق قدت مشاريع",
}
