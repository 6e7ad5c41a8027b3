"""A publication decision with an internal-process annex, laid out as real ones are ("Thứ tự
công việc | Nội dung công việc | Đơn vị thực hiện | Thời gian thực hiện", durations in quarter
days and hours, a stretch of steps sharing one budget in a merged cell, an uncounted return step,
a closing "Tổng thời gian" row). The shared decisions carry no such annex in their text."""

from __future__ import annotations

import io

import docx


def _header(document, number: str, day: str) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\n-------"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = f"Số: {number}"
    table.cell(1, 1).text = f"Bắc Kạn, {day}"


STEPS = [
    ("Bước 1", "Tiếp nhận, kiểm tra, số hóa hồ sơ", "Bộ phận Một cửa", "0,25 ngày làm việc"),
    ("Bước 2", "Phân công thụ lý", "Lãnh đạo phòng chuyên môn", "04 giờ"),
    ("Bước 3", "Thẩm định hồ sơ", "{department}", "1,5 ngày làm việc"),
    ("Bước 4", "Thẩm tra hồ sơ", "Văn phòng UBND tỉnh", "17 ngày làm việc"),
    ("Bước 5", "Trình Lãnh đạo UBND tỉnh ký", "Văn phòng UBND tỉnh", ""),
    ("Bước 6", "Vào số, đóng dấu, chuyển kết quả", "Văn thư", "0,75 ngày làm việc"),
    ("Bước 7", "Trả kết quả cho tổ chức, cá nhân", "Bộ phận Một cửa", "Không tính thời gian"),
]


def decision_with_process(
    code: str = "1.012781",
    number: str = "321/QĐ-UBND",
    department: str = "Sở Kế hoạch và Đầu tư",
    limit: str = "20 ngày làm việc",
) -> bytes:
    document = docx.Document()
    _header(document, number, "ngày 05 tháng 4 năm 2023")
    document.add_paragraph("QUYẾT ĐỊNH")
    document.add_paragraph(
        "Về việc công bố danh mục thủ tục hành chính ban hành mới và phê duyệt quy trình nội bộ "
        "lĩnh vực đất đai"
    )
    document.add_paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC KẠN")
    document.add_paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    document.add_paragraph("QUYẾT ĐỊNH:")
    document.add_paragraph(
        "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính ban hành mới và "
        "phê duyệt quy trình nội bộ."
    )
    document.add_paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    document.add_paragraph(
        "Điều 3. Sở Thông tin và Truyền thông cấu hình quy trình điện tử trong thời hạn 03 ngày "
        "làm việc kể từ ngày ký."
    )
    footer = document.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT."
    footer.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐỗ Thị Minh Hoa"
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH BAN HÀNH MỚI")
    annex = document.add_table(rows=2, cols=5)
    for cell, text in zip(
        annex.rows[0].cells,
        ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Cách thức thực hiện"],
        strict=True,
    ):
        cell.text = text
    for cell, text in zip(
        annex.rows[1].cells,
        [
            "1",
            code,
            "Đăng ký đất đai, cấp giấy chứng nhận lần đầu",
            limit,
            "Trực tiếp; trực tuyến",
        ],
        strict=True,
    ):
        cell.text = text
    document.add_paragraph("PHỤ LỤC II")
    document.add_paragraph("QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    document.add_paragraph(f"1. Đăng ký đất đai, cấp giấy chứng nhận lần đầu (Mã: {code})")
    table = document.add_table(rows=1 + len(STEPS) + 1, cols=4)
    for cell, text in zip(
        table.rows[0].cells,
        ["Thứ tự công việc", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian thực hiện"],
        strict=True,
    ):
        cell.text = text
    for row, values in zip(table.rows[1:], STEPS, strict=False):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text.format(department=department)
    # Steps 4-5: one budget for the provincial office, typed once in a merged cell.
    merged = table.cell(4, 3).merge(table.cell(5, 3))
    merged.text = "17 ngày làm việc"
    total = table.rows[-1].cells
    total[0].merge(total[2]).text = "Tổng thời gian giải quyết"
    total[3].text = "20 ngày làm việc"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
