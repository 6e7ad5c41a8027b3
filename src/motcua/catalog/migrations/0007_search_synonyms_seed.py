"""The first synonyms: how citizens and businesses name procedures, and the catalog's words for
them. The control office extends the table in the admin."""

from django.db import migrations

SYNONYMS = [
    # land
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("sổ hồng", "giấy chứng nhận quyền sử dụng đất quyền sở hữu nhà ở"),
    ("bìa đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("sổ đất", "giấy chứng nhận quyền sử dụng đất"),
    ("gcn", "giấy chứng nhận"),
    ("gcnqsdđ", "giấy chứng nhận quyền sử dụng đất"),
    ("qsdđ", "quyền sử dụng đất"),
    ("thổ cư", "đất ở"),
    ("lên thổ cư", "chuyển mục đích sử dụng đất"),
    ("sang tên", "đăng ký biến động chuyển nhượng"),
    ("mua bán đất", "chuyển nhượng quyền sử dụng đất"),
    ("bán đất", "chuyển nhượng quyền sử dụng đất"),
    ("mua đất", "nhận chuyển nhượng quyền sử dụng đất"),
    ("cho đất", "tặng cho quyền sử dụng đất"),
    ("tách sổ", "tách thửa"),
    ("gộp sổ", "hợp thửa"),
    ("mất sổ", "cấp lại giấy chứng nhận bị mất"),
    # building
    ("gpxd", "giấy phép xây dựng"),
    ("xây nhà", "xây dựng mới công trình nhà ở riêng lẻ"),
    ("làm nhà", "xây dựng mới công trình nhà ở riêng lẻ"),
    ("xây", "xây dựng"),
    ("sửa nhà", "sửa chữa cải tạo công trình"),
    ("nhà xã hội", "nhà ở xã hội"),
    ("pccc", "phòng cháy chữa cháy"),
    ("oto", "ô tô"),
    # business
    ("mở công ty", "thành lập doanh nghiệp công ty"),
    ("lập công ty", "thành lập doanh nghiệp công ty"),
    ("thành lập công ty", "thành lập doanh nghiệp công ty"),
    ("mở doanh nghiệp", "thành lập doanh nghiệp"),
    ("đóng cửa công ty", "giải thể doanh nghiệp"),
    ("đóng cửa", "chấm dứt hoạt động"),
    ("đổi chủ", "thay đổi nội dung đăng ký"),
    ("cty", "công ty"),
    ("giải thể công ty", "giải thể doanh nghiệp"),
    ("tnhh", "trách nhiệm hữu hạn"),
    ("mtv", "một thành viên"),
    ("dn", "doanh nghiệp"),
    ("dntn", "doanh nghiệp tư nhân"),
    ("hkd", "hộ kinh doanh"),
    ("hộ cá thể", "hộ kinh doanh"),
    ("kinh doanh cá thể", "hộ kinh doanh"),
    ("đkkd", "đăng ký kinh doanh"),
    ("giấy phép kinh doanh", "giấy chứng nhận đăng ký kinh doanh"),
    ("tạm nghỉ kinh doanh", "tạm ngừng kinh doanh"),
    ("nghỉ kinh doanh", "tạm ngừng kinh doanh"),
    ("dẹp tiệm", "chấm dứt hoạt động hộ kinh doanh"),
    ("htx", "hợp tác xã"),
    ("attp", "an toàn thực phẩm"),
    ("vsattp", "an toàn thực phẩm"),
    ("vệ sinh thực phẩm", "an toàn thực phẩm"),
    # tax, insurance, money
    ("mst", "mã số thuế"),
    ("mã thuế", "mã số thuế"),
    ("tncn", "thu nhập cá nhân"),
    ("gtgt", "giá trị gia tăng"),
    ("vat", "giá trị gia tăng"),
    ("bhxh", "bảo hiểm xã hội"),
    ("bhyt", "bảo hiểm y tế"),
    ("bhtn", "bảo hiểm thất nghiệp"),
    ("rút bảo hiểm", "hưởng bảo hiểm xã hội một lần"),
    ("1 lần", "một lần"),
    ("tiền rách", "tiền không đủ tiêu chuẩn lưu thông"),
    ("tiền hư", "tiền không đủ tiêu chuẩn lưu thông"),
    ("tiền cũ", "tiền không đủ tiêu chuẩn lưu thông"),
    # civil status and certification
    ("giấy khai sinh", "khai sinh"),
    ("làm khai sinh", "đăng ký khai sinh"),
    ("giấy chứng tử", "khai tử"),
    ("báo tử", "khai tử"),
    ("cưới", "kết hôn"),
    ("lấy vợ", "kết hôn"),
    ("lấy chồng", "kết hôn"),
    ("giấy đăng ký kết hôn", "đăng ký kết hôn"),
    ("ly dị", "ly hôn"),
    ("độc thân", "xác nhận tình trạng hôn nhân"),
    ("nhận con", "nhận cha mẹ con"),
    ("con nuôi", "nuôi con nuôi"),
    ("sửa sai", "thay đổi cải chính bổ sung thông tin"),
    ("sai tên", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("sai ngày sinh", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("nhận con nuôi", "nuôi con nuôi"),
    ("xin con nuôi", "nuôi con nuôi"),
    ("chứng thực hợp đồng", "chứng thực giao dịch"),
    ("đổi tên", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("sửa tên", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("sửa ngày sinh", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("sai giấy khai sinh", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("công chứng bản sao", "chứng thực bản sao từ bản chính"),
    ("photo công chứng", "chứng thực bản sao từ bản chính"),
    ("sao y", "chứng thực bản sao từ bản chính"),
    ("công chứng", "chứng thực"),
    ("ký xác nhận", "chứng thực chữ ký"),
    ("trích lục", "trích lục hộ tịch"),
    ("lltp", "lý lịch tư pháp"),
    # environment, farming
    ("đtm", "đánh giá tác động môi trường"),
    ("cchn", "chứng chỉ hành nghề"),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    SearchSynonym.objects.bulk_create(
        [SearchSynonym(phrase=phrase, means=means) for phrase, means in SYNONYMS],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    SearchSynonym.objects.filter(phrase__in=[phrase for phrase, _means in SYNONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_synonyms")]
    operations = [migrations.RunPython(seed, unseed)]
