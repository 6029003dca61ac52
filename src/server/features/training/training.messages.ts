import type { Catalog } from "../../i18n/i18n.ts";

export const trainingMessages: Catalog = {
  vi: {
    "training.notYourAudience":
      "Khóa học này dành cho đối tượng khác, bạn không thể học và làm bài kiểm tra.",
    "training.notStarted":
      "Bạn chưa bắt đầu khóa học này. Hãy bắt đầu và học các bài trước khi làm bài kiểm tra.",
    "training.lessonsIncomplete":
      "Bạn cần học xong {remaining} bài còn lại trước khi làm bài kiểm tra.",
    "training.unanswered": "Câu hỏi này chưa được trả lời.",
    "training.unknownQuestion": "Câu hỏi này không thuộc bài kiểm tra của khóa học.",
    "training.unknownOption": "Lựa chọn không có trong câu hỏi.",
    "training.singleAnswer": "Câu hỏi này chỉ chọn một đáp án.",
    "training.lessonNotInCourse": "Bài học không thuộc khóa học này.",
    "training.courseArchived": "Khóa học đã ngừng sử dụng.",
    "training.certificateTitle": "GIẤY CHỨNG NHẬN",
    "training.certificateLead": "Hoàn thành khóa học an toàn trên mạng",
    "training.certificateAwardedTo": "Chứng nhận",
    "training.certificateCourse": "đã hoàn thành khóa học",
    "training.certificateScore": "Điểm bài kiểm tra: {score}/100",
    "training.certificateIssued": "Ngày cấp: {date}",
    "training.certificateSerial": "Số hiệu: {serial}",
    "training.certificateVerify": "Mã xác thực: {code} — kiểm tra tại {url}",
    "validation.training.optionMissing": "Đáp án đúng phải là một trong các lựa chọn.",
    "validation.training.singleAnswer": "Câu hỏi một lựa chọn phải có đúng một đáp án.",
    "validation.training.verifyCode": "Mã xác thực gồm 10 ký tự chữ và số.",
  },
  en: {
    "training.notYourAudience":
      "This course is for another audience; you cannot take it or its quiz.",
    "training.notStarted":
      "You have not started this course. Start it and study the lessons before the quiz.",
    "training.lessonsIncomplete":
      "Finish the {remaining} remaining lessons before taking the quiz.",
    "training.unanswered": "This question has no answer.",
    "training.unknownQuestion": "This question is not part of the course's quiz.",
    "training.unknownOption": "This option is not one of the question's options.",
    "training.singleAnswer": "This question takes exactly one answer.",
    "training.lessonNotInCourse": "The lesson does not belong to this course.",
    "training.courseArchived": "The course is no longer in use.",
    "training.certificateTitle": "CERTIFICATE",
    "training.certificateLead": "Completion of an online-safety course",
    "training.certificateAwardedTo": "This certifies that",
    "training.certificateCourse": "has completed the course",
    "training.certificateScore": "Quiz score: {score}/100",
    "training.certificateIssued": "Issued on: {date}",
    "training.certificateSerial": "Serial number: {serial}",
    "training.certificateVerify": "Verification code: {code} — check at {url}",
    "validation.training.optionMissing": "A correct answer must be one of the options.",
    "validation.training.singleAnswer": "A single-choice question has exactly one correct answer.",
    "validation.training.verifyCode": "A verification code has 10 letters and digits.",
  },
};
