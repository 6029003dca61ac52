/** School and family, consent, and the privacy of children's data: parent link codes, consent
 * notices and consents, family messages, school notices, deletion requests, retention settings,
 * absence alerts sent, and the daily privacy job's runs. Seeds the version 1 consent notices. */
import { sql, type Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

const parentNoticeVi = `SafeClass là hệ thống lớp học trực tuyến an toàn mà nhà trường dùng để dạy học. Thông báo này giải thích, bằng lời lẽ đơn giản, SafeClass làm gì với dữ liệu cá nhân của con quý phụ huynh, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân và Luật Bảo vệ dữ liệu cá nhân.

## Dữ liệu nhà trường luôn cần (không cần đồng ý)
Họ tên, mã học sinh, ngày sinh, giới tính, lớp học; việc con có mặt, đến muộn hay vắng trong từng buổi học trực tuyến; các sự việc mất an toàn liên quan đến con và bằng chứng của chúng. Đây là những dữ liệu nhà trường bắt buộc phải có để tổ chức dạy học và bảo vệ học sinh theo quy định.

## Dữ liệu chỉ dùng khi quý phụ huynh đồng ý
1. Thông báo chuyên cần: gửi cho phụ huynh tin nhắn trong ứng dụng và e-mail khi con vắng hoặc đến muộn một buổi học.
2. Lưu lịch sử trò chuyện trong lớp sau ngày học: nếu không đồng ý, tin nhắn con gửi trong lớp được xóa vào cuối ngày học (trừ khi là bằng chứng của một sự việc đang xử lý).
3. Lưu kết quả học tập về an toàn trên mạng: bài học đã hoàn thành và điểm bài kiểm tra của con.
Quý phụ huynh có thể chọn từng mục.

## Lưu trong bao lâu
Theo thời hạn nhà trường công bố trong SafeClass (mặc định: trò chuyện trong lớp 30 ngày, điểm danh 1 năm, tin nhắn với giáo viên 1 năm, kết quả học an toàn mạng 2 năm). Hết hạn, dữ liệu tự động bị xóa. Bằng chứng của sự việc đang xử lý được giữ đến khi sự việc kết thúc.

## Ai được xem
Thầy cô dạy lớp của con, hiệu trưởng, và cơ quan quản lý giáo dục khi cần xử lý sự việc. Mọi lần xem hồ sơ của con đều được ghi lại và hiệu trưởng có thể kiểm tra. SafeClass không bán, không quảng cáo và không chia sẻ dữ liệu của con cho bên nào khác, trừ cơ quan công an khi pháp luật yêu cầu.

## Quyền của quý phụ huynh và của con
Được biết, được xem và tải về toàn bộ dữ liệu của con (tệp JSON và PDF); được yêu cầu sửa, xóa; được rút lại sự đồng ý bất cứ lúc nào. Từ 7 tuổi trở lên, con cũng được hỏi ý kiến bằng một thông báo dành riêng cho con.

## Cách rút lại sự đồng ý
Vào mục "Đồng ý & dữ liệu" của con trong SafeClass, bấm "Rút lại đồng ý". Việc xử lý tương ứng dừng ngay; dữ liệu đã thu thập cho mục đó được xóa trong vòng 24 giờ, và quý phụ huynh nhận được xác nhận. Có thắc mắc, xin liên hệ giáo viên chủ nhiệm hoặc nhà trường.`;

const parentNoticeEn = `SafeClass is the safe online classroom system the school uses for teaching. This notice explains in plain words what SafeClass does with your child's personal data, under Decree 13/2023/ND-CP on personal data protection and the Personal Data Protection Law.

## Data the school always needs (no consent needed)
Name, student code, date of birth, gender, class; whether your child was present, late or absent in each online session; safety incidents involving your child and their evidence. The school must keep these to teach and to protect students.

## Data used only with your consent
1. Attendance alerts: in-app messages and e-mails to parents when your child misses or is late to a session.
2. Keeping class chat after the school day: without consent, your child's class chat messages are deleted at the end of the school day (unless they are evidence of an open incident).
3. Keeping online-safety training results: lessons completed and quiz scores.
You may choose each item separately.

## How long
For the periods the school publishes in SafeClass (by default: class chat 30 days, attendance 1 year, messages with teachers 1 year, training results 2 years). Data is deleted automatically when the period ends. Evidence of an open incident is kept until the incident is closed.

## Who can see it
Your child's teachers, the principal, and education authorities when handling an incident. Every view of your child's record is logged and the principal can check the log. SafeClass never sells, advertises with or shares your child's data, except with the police when the law requires it.

## Your rights and your child's
To know, to view and download all of your child's data (JSON and PDF), to ask for correction or deletion, and to withdraw consent at any time. From age 7 your child is also asked, with a notice written for them.

## How to withdraw consent
Open your child's "Consent & data" page in SafeClass and press "Withdraw consent". The processing stops at once; data collected for it is deleted within 24 hours and you receive a confirmation. For questions, contact the homeroom teacher or the school.`;

const studentNoticeVi = `Chào em! SafeClass là nơi em học trực tuyến cùng thầy cô và các bạn. Thầy cô muốn em biết SafeClass dùng thông tin của em như thế nào.

## SafeClass luôn cần biết
Tên em, lớp của em, và em có vào học hay không. Nếu có chuyện không an toàn xảy ra với em trên mạng, nhà trường giữ lại những gì đã xảy ra để giúp em.

## Những điều chỉ làm khi em đồng ý
1. Báo cho bố mẹ khi em vắng học hoặc vào lớp muộn.
2. Giữ lại tin nhắn em viết trong lớp sau khi hết ngày học (nếu em không đồng ý, tin nhắn sẽ bị xóa vào cuối ngày).
3. Giữ lại kết quả các bài học về an toàn trên mạng của em.
Bố mẹ em cũng được hỏi những điều này.

## Ai được xem
Chỉ thầy cô dạy em, thầy cô hiệu trưởng, và bố mẹ em. Không ai được bán hay đem thông tin của em đi quảng cáo.

## Em có quyền
Hỏi xem SafeClass giữ gì về em, và đổi ý bất cứ lúc nào. Muốn đổi ý, em nói với bố mẹ hoặc thầy cô chủ nhiệm, hoặc vào mục "Đồng ý của em" trong SafeClass.`;

const studentNoticeEn = `Hello! SafeClass is where you study online with your teachers and classmates. Your teachers want you to know how SafeClass uses information about you.

## What SafeClass always needs
Your name, your class, and whether you came to class. If something unsafe happens to you online, the school keeps what happened so it can help you.

## Things done only if you agree
1. Telling your parents when you miss a class or come late.
2. Keeping the messages you write in class after the school day (if you say no, they are deleted at the end of the day).
3. Keeping your results in the online-safety lessons.
Your parents are asked about these too.

## Who can see it
Only your teachers, your principal and your parents. Nobody may sell your information or use it for ads.

## Your rights
You can ask what SafeClass keeps about you, and change your mind at any time. To change your mind, tell your parents or your homeroom teacher, or open "My consent" in SafeClass.`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table parent_link_codes (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references students(id),
  code_hash text not null unique,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users(id),
  revoked_at timestamptz
);
create index parent_link_codes_student_idx on parent_link_codes (student_id, created_at);

create table consent_notices (
  id uuid primary key default gen_random_uuid(),
  audience text not null check (audience in ('parent', 'student')),
  version integer not null,
  title_vi text not null,
  title_en text not null,
  body_vi text not null,
  body_en text not null,
  purposes jsonb not null default '[]'::jsonb,
  published_at timestamptz not null default now(),
  unique (audience, version)
);

create table consents (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references students(id),
  given_by uuid not null references users(id),
  role text not null check (role in ('parent', 'student')),
  notice_version integer not null,
  purposes jsonb not null default '[]'::jsonb,
  given_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by uuid references users(id),
  ip text
);
create index consents_student_idx on consents (student_id, role, given_at);

create table family_messages (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references students(id),
  teacher_id uuid not null references users(id),
  sender_id uuid not null references users(id),
  sender_role text not null check (sender_role in ('teacher', 'parent')),
  verified_teacher boolean not null default false,
  body text not null,
  created_at timestamptz not null,
  read_at timestamptz
);
create index family_messages_thread_idx on family_messages (student_id, teacher_id, created_at);
create index family_messages_teacher_idx on family_messages (teacher_id, created_at);

create table school_notices (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references org_units(id),
  class_id uuid references classes(id),
  author_id uuid not null references users(id),
  title text not null,
  body text not null,
  created_at timestamptz not null
);
create index school_notices_school_idx on school_notices (school_id, created_at);

create table deletion_requests (
  id uuid primary key default gen_random_uuid(),
  student_id uuid not null references students(id),
  requested_by uuid not null references users(id),
  reason text not null check (reason in ('withdrawal', 'request')),
  scope jsonb not null,
  note text,
  status text not null default 'pending' check (status in ('pending', 'completed', 'partial')),
  exceptions jsonb not null default '[]'::jsonb,
  result jsonb not null default '{}'::jsonb,
  created_at timestamptz not null,
  completed_at timestamptz
);
create index deletion_requests_pending_idx on deletion_requests (created_at) where status = 'pending';
create index deletion_requests_student_idx on deletion_requests (student_id, created_at);

create table retention_settings (
  school_id uuid primary key references org_units(id),
  chat_days integer not null default 30,
  attendance_days integer not null default 365,
  family_message_days integer not null default 365,
  notice_days integer not null default 365,
  training_days integer not null default 730,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table absence_alerts (
  session_id text not null,
  student_id uuid not null references students(id),
  status text not null,
  created_at timestamptz not null,
  primary key (session_id, student_id)
);

create table privacy_job_runs (
  job text not null,
  run_date date not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  result jsonb not null default '{}'::jsonb,
  primary key (job, run_date)
)
`,
  );
  const purposes = JSON.stringify(["attendance_alerts", "chat_history", "training_records"]);
  await sql`insert into consent_notices (audience, version, title_vi, title_en, body_vi, body_en, purposes)
    values ('parent', 1, ${"Thông báo về việc xử lý dữ liệu cá nhân của con"}, ${"Notice on processing your child's personal data"}, ${parentNoticeVi}, ${parentNoticeEn}, ${purposes}::jsonb),
           ('student', 1, ${"SafeClass và thông tin của em"}, ${"SafeClass and information about you"}, ${studentNoticeVi}, ${studentNoticeEn}, ${purposes}::jsonb)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop table privacy_job_runs;
drop table absence_alerts;
drop table retention_settings;
drop table deletion_requests;
drop table school_notices;
drop table family_messages;
drop table consents;
drop table consent_notices;
drop table parent_link_codes`,
  );
}
