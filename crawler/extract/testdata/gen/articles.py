# -*- coding: utf-8 -*-
# Article contents for the govnews extraction fixtures. Written for the
# project; topics paraphrase the seed pages' subjects.
A = {}

A['kinhphi'] = dict(
 title='Hỗ trợ kinh phí nhiệm vụ xây dựng Quy chế làm việc mẫu cho mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND cấp xã',
 blocks=[
  ('p','Ngày 09/11/2022, Sở Khoa học và Công nghệ ban hành Quyết định số 250/QĐ-SKHCN phê duyệt kinh phí hỗ trợ nhiệm vụ khoa học và công nghệ cấp cơ sở về xây dựng quy chế làm việc mẫu của Ban Chấp hành Đảng bộ xã thực hiện mô hình Bí thư Đảng ủy đồng thời là Chủ tịch UBND, do Trường Chính trị tỉnh chủ trì.'),
  ('p','Tổng dự toán kinh phí thực hiện nhiệm vụ là 121.500.019 đồng, trong đó kinh phí sự nghiệp khoa học và công nghệ của tỉnh hỗ trợ 59.521.000 đồng. Thời gian thực hiện là 5 tháng, từ tháng 11/2022 đến tháng 3/2023.'),
  ('table',[['Nguồn kinh phí','Số tiền (đồng)'],['Ngân sách sự nghiệp KH&CN tỉnh','59.521.000'],['Kinh phí đối ứng của đơn vị chủ trì','61.979.019'],['Tổng cộng','121.500.019']]),
  ('p','Mục tiêu của nhiệm vụ là xây dựng quy chế làm việc bảo đảm cho người đứng đầu cấp ủy đồng thời là người đứng đầu chính quyền cấp xã hoạt động hiệu quả, theo Chương trình hành động số 19-Ctr/TU ngày 19/4/2018 của Ban Thường vụ Tỉnh ủy.'),
  ('p','Nội dung thực hiện gồm:'),
  ('ul',['Nghiên cứu tài liệu, khảo sát thực trạng thực hiện quy chế làm việc tại một số xã trong tỉnh;','Xây dựng dự thảo quy chế làm việc mẫu;','Tổ chức hội thảo, tiếp thu ý kiến và nghiệm thu kết quả.']),
  ('p','Sản phẩm dự kiến là bộ Quy chế làm việc mẫu áp dụng cho các xã thực hiện mô hình kiêm nhiệm./.'),
 ])

A['kiemnhiem'] = dict(
 title='Thường trực Tỉnh ủy khảo sát việc thực hiện các mô hình kiêm nhiệm và sắp xếp đơn vị hành chính cấp xã',
 blocks=[
  ('p','Đoàn công tác của Thường trực Tỉnh ủy vừa khảo sát việc thực hiện các mô hình kiêm nhiệm và sắp xếp các đơn vị hành chính cấp xã tại thành phố. Tham gia đoàn có Phó Bí thư Thường trực Tỉnh ủy và lãnh đạo Ban Tổ chức Tỉnh ủy.'),
  ('p','Sau khi tiếp thu Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương, Ban Thường vụ Thành ủy đã tổ chức quán triệt sâu rộng đến cán bộ chủ chốt và đảng viên, đồng thời ban hành các chương trình hành động cụ thể hóa phù hợp với tình hình địa phương.'),
  ('p','Đến nay, thành phố có 62 trường hợp kiêm nhiệm các chức danh ở xã, phường, ấp, khu phố; trong đó bí thư đảng ủy đồng thời là chủ tịch UBND có 01 trường hợp, bí thư chi bộ kiêm trưởng ấp, khu phố có 11 trường hợp.'),
  ('p','Phát biểu kết luận, Phó Bí thư Thường trực Tỉnh ủy đề nghị thành phố chủ động, quyết liệt hơn nữa, bảo đảm lộ trình theo Đề án 02 đã đề ra, quan tâm đào tạo, bồi dưỡng nguồn cán bộ kiêm nhiệm./.'),
 ])

A['lienhiephoi'] = dict(
 title='Phó Chủ tịch Thường trực UBND tỉnh làm việc với Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh',
 blocks=[
  ('p','Thực hiện nội dung theo dõi, giám sát công tác xây dựng Đảng theo Quyết định 366-QĐ/TU ngày 28.6.2016 của Ban Thường vụ Tỉnh ủy, chiều 15.11, đồng chí Phó Chủ tịch Thường trực UBND tỉnh đã có buổi làm việc với Chi bộ Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh.'),
  ('img','/images/tin/lamviec-1.jpg','Quang cảnh buổi làm việc tại trụ sở Liên hiệp hội'),
  ('p','Chi bộ hiện có 5 đảng viên chính thức. Ngay sau đại hội, chi bộ đã xây dựng chương trình hành động toàn khóa, ban hành quy chế làm việc, duy trì tốt chế độ giao ban hàng tháng, quý và đột xuất.'),
  ('p','Kết luận buổi làm việc, đồng chí Phó Chủ tịch Thường trực đề nghị Liên hiệp hội tiếp tục tăng cường đoàn kết, rà soát danh mục tư vấn, phản biện năm 2018 và xây dựng kế hoạch củng cố, phát triển các hội thành viên.'),
 ])

A['btv'] = dict(
 title='Bắc Ninh triển khai Kế hoạch thực hiện Kết luận của Bộ Chính trị về các mô hình thí điểm',
 blocks=[
  ('p','(BTV) Tỉnh ủy vừa ban hành Kế hoạch số 68-KH/TU ngày 23 tháng 9 năm 2022 về việc thực hiện Kết luận của Bộ Chính trị về một số mô hình thí điểm theo Nghị quyết số 18-NQ/TW, nhằm tiếp tục sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả.'),
  ('ol',['Mô hình tiếp tục thực hiện thí điểm: Đảng ủy khối các cơ quan và doanh nghiệp tỉnh.','Mô hình tạm dừng thí điểm: chủ nhiệm ủy ban kiểm tra cấp ủy đồng thời là chánh thanh tra cấp tỉnh, cấp huyện.','Mô hình kết thúc thí điểm: Văn phòng Huyện ủy, HĐND và UBND ở huyện Thuận Thành.']),
  ('p','Ban Tổ chức Tỉnh ủy chủ trì đánh giá việc thực hiện các mô hình, báo cáo Thường trực Tỉnh ủy xem xét quyết định cho từng địa bàn cụ thể vào cuối năm 2023.'),
 ])

A['daihoi'] = dict(
 title='Đại hội Đảng bộ Sở Khoa học và Công nghệ nhiệm kỳ 2020 – 2025',
 blocks=[
  ('p','Ngày 28/5, Đảng bộ Sở Khoa học và Công nghệ đã tổ chức Đại hội lần thứ II, nhiệm kỳ 2020 – 2025. Tham dự và chỉ đạo đại hội có đồng chí Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh.'),
  ('p','Trong nhiệm kỳ qua, Đảng bộ đã làm tốt công tác giáo dục chính trị, tư tưởng; triển khai học tập Chỉ thị 05-CT/TW; 31 đảng viên được công nhận hoàn thành xuất sắc nhiệm vụ.'),
  ('img','/documents/10180/dai-hoi.jpg','BCH Khóa II ra mắt đại hội'),
  ('p','Đại hội đã bầu Ban Chấp hành khóa II gồm 7 đồng chí và bầu 3 đại biểu đi dự Đại hội đại biểu Đảng bộ Khối các cơ quan tỉnh, nhiệm kỳ 2020 – 2025./.'),
 ])

A['nhiemvu'] = dict(
 title='Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2023',
 blocks=[
  ('p','UBND tỉnh vừa ban hành Quyết định số 125/QĐ-UBND phê duyệt danh mục 12 nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng để tuyển chọn, giao trực tiếp thực hiện từ năm 2023.'),
  ('p','Các nhiệm vụ tập trung vào nông nghiệp công nghệ cao, chuyển đổi số và bảo tồn nguồn gen, cụ thể như sau:'),
  ('table',[['Lĩnh vực','Số nhiệm vụ','Kinh phí dự kiến (triệu đồng)'],['Nông nghiệp công nghệ cao','5','4.200'],['Chuyển đổi số','4','3.150'],['Bảo tồn nguồn gen','3','1.800']]),
  ('p','Sở Khoa học và Công nghệ có trách nhiệm thông báo công khai danh mục, tổ chức tuyển chọn tổ chức, cá nhân chủ trì theo đúng quy định tại Thông tư 03/2023/TT-BKHCN.'),
 ])

A['chuyendoiso'] = dict(
 title='Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2023',
 blocks=[
  ('p','Sáng 10/01, Ban Chỉ đạo chuyển đổi số tỉnh tổ chức hội nghị tổng kết năm 2022 và triển khai nhiệm vụ năm 2023. Dự hội nghị có lãnh đạo các sở, ban, ngành và UBND các huyện, thành phố.'),
  ('img','/o/news/images/hoi-nghi-cds.jpg','Đại biểu dự hội nghị tại điểm cầu tỉnh'),
  ('p','Năm 2022, tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình đạt 42,5%; 100% cơ quan nhà nước sử dụng văn bản điện tử có chữ ký số; hạ tầng cáp quang đã phủ đến 98% thôn, ấp.'),
  ('h','Nhiệm vụ trọng tâm năm 2023'),
  ('p','Năm 2023, tỉnh tập trung hoàn thiện nền tảng dữ liệu dùng chung, đẩy mạnh thanh toán không dùng tiền mặt và phát triển kinh tế số ở khu vực nông thôn theo Kế hoạch số 12/KH-UBND.'),
 ])

A['nongthon'] = dict(
 title='Nghiệm thu mô hình ứng dụng công nghệ sinh học trong sản xuất nấm ăn tại huyện Tháp Mười',
 blocks=[
  ('p','Hội đồng khoa học và công nghệ tỉnh vừa nghiệm thu dự án ứng dụng công nghệ sinh học trong sản xuất giống và nuôi trồng nấm ăn thuộc Chương trình nông thôn miền núi.'),
  ('p','Sau 24 tháng triển khai, dự án đã chuyển giao quy trình sản xuất giống nấm rơm, nấm bào ngư cho 30 hộ dân, năng suất tăng 18% so với phương pháp truyền thống, thu nhập bình quân mỗi hộ tăng khoảng 35 triệu đồng mỗi năm.'),
  ('p','Hội đồng đánh giá dự án đạt loại khá, đề nghị địa phương tiếp tục nhân rộng mô hình trong các năm tiếp theo.'),
 ])

A['tiemchung'] = dict(
 title='Tăng cường công tác tiêm chủng mở rộng cho trẻ em dưới 5 tuổi',
 blocks=[
  ('p','Sở Y tế vừa có văn bản chỉ đạo các trung tâm y tế huyện, thị xã, thành phố tăng cường tiêm chủng mở rộng, bảo đảm tỷ lệ tiêm đủ liều cho trẻ em dưới 1 tuổi đạt trên 95%.'),
  ('p','Các đơn vị rà soát danh sách trẻ chưa tiêm hoặc tiêm chưa đủ mũi, tổ chức tiêm vét tại trạm y tế xã, phường; tuyên truyền để phụ huynh đưa trẻ đi tiêm đúng lịch.'),
  ('ul',['Vắc xin phòng bệnh sởi – rubella;','Vắc xin 5 trong 1 phòng bạch hầu, ho gà, uốn ván, viêm gan B và Hib;','Vắc xin bại liệt uống và tiêm.']),
  ('p','Sở Y tế yêu cầu báo cáo kết quả trước ngày 30 hằng tháng để tổng hợp, báo cáo UBND tỉnh.'),
 ])

A['giaothong'] = dict(
 title='Khởi công dự án nâng cấp tuyến đường tỉnh 845 đoạn qua huyện Tam Nông',
 blocks=[
  ('p','Sáng nay, Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh tổ chức lễ khởi công dự án nâng cấp, mở rộng tuyến đường tỉnh 845 đoạn qua huyện Tam Nông, tổng chiều dài 12,4 km.'),
  ('p','Dự án có tổng mức đầu tư hơn 480 tỷ đồng từ nguồn ngân sách trung ương và ngân sách tỉnh, mặt đường rộng 9 m, dự kiến hoàn thành trong năm 2025.'),
  ('p','Phát biểu tại lễ khởi công, Phó Chủ tịch UBND tỉnh yêu cầu nhà thầu bảo đảm chất lượng, tiến độ, an toàn giao thông và vệ sinh môi trường trong suốt quá trình thi công.'),
 ])

A['giaoduc'] = dict(
 title='Tổng kết năm học 2022 – 2023 và triển khai nhiệm vụ năm học mới',
 blocks=[
  ('p','Sở Giáo dục và Đào tạo tổ chức hội nghị tổng kết năm học 2022 – 2023, triển khai nhiệm vụ năm học 2023 – 2024. Năm học qua, toàn tỉnh có 98,7% học sinh tốt nghiệp trung học phổ thông.'),
  ('p','Ngành giáo dục đã hoàn thành việc thay sách giáo khoa lớp 3, lớp 7 và lớp 10 theo chương trình giáo dục phổ thông 2018, đồng thời đầu tư thêm 215 phòng học kiên cố.'),
  ('p','Năm học mới, ngành tập trung nâng cao chất lượng đội ngũ giáo viên, sắp xếp mạng lưới trường lớp và đẩy mạnh chuyển đổi số trong quản lý, dạy học.'),
 ])

A['dulich'] = dict(
 title='Lễ hội Sen Đồng Tháp năm 2023 thu hút hơn 150 nghìn lượt khách',
 blocks=[
  ('p','Sau 5 ngày diễn ra, Lễ hội Sen Đồng Tháp năm 2023 đã thu hút hơn 150 nghìn lượt khách tham quan, doanh thu du lịch ước đạt 95 tỷ đồng, tăng 20% so với lần tổ chức trước.'),
  ('img','/uploads/2023/06/le-hoi-sen.jpg','Du khách tham quan đầm sen tại Tháp Mười'),
  ('p','Lễ hội có nhiều hoạt động như hội chợ sản phẩm OCOP, thi ẩm thực từ sen, trình diễn áo dài và các chương trình nghệ thuật đờn ca tài tử Nam Bộ.'),
  ('p','Ban tổ chức cho biết sẽ rút kinh nghiệm để lễ hội lần sau được tổ chức quy mô hơn, gắn với quảng bá hình ảnh địa phương.'),
 ])

A['moitruong'] = dict(
 title='Ra quân thu gom rác thải nhựa trên các tuyến kênh rạch',
 blocks=[
  ('p','Hưởng ứng Ngày Môi trường thế giới, Sở Tài nguyên và Môi trường phối hợp với Tỉnh đoàn tổ chức ra quân thu gom rác thải nhựa trên các tuyến kênh rạch của thành phố.'),
  ('p','Hơn 500 đoàn viên, thanh niên và người dân đã tham gia, thu gom khoảng 3 tấn rác thải các loại, trong đó phần lớn là túi ni lông và chai nhựa.'),
  ('p','Dịp này, ban tổ chức trao tặng 1.000 túi vải thân thiện với môi trường cho các tiểu thương tại chợ trung tâm.'),
 ])

A['caicach'] = dict(
 title='Chỉ số cải cách hành chính năm 2022 của tỉnh tăng 7 bậc',
 blocks=[
  ('p','Theo kết quả công bố của Bộ Nội vụ, Chỉ số cải cách hành chính năm 2022 của tỉnh đạt 87,45 điểm, xếp thứ 15/63 tỉnh, thành phố, tăng 7 bậc so với năm 2021.'),
  ('p','Các lĩnh vực có điểm số cao gồm cải cách thủ tục hành chính, xây dựng và phát triển chính phủ điện tử, chính phủ số. Tuy nhiên, chỉ số cải cách tài chính công vẫn còn thấp.'),
  ('p','Chủ tịch UBND tỉnh yêu cầu các sở, ngành phân tích nguyên nhân các chỉ số thành phần bị trừ điểm để có giải pháp khắc phục ngay trong năm 2023.'),
 ])
