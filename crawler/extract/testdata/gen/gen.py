# -*- coding: utf-8 -*-
import json, os, sys, unicodedata, html as H
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from articles import A

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
E = H.escape

def nb(t, k=3):
    """Inject &nbsp; noise after the k-th word (collapsed away on extraction)."""
    w = E(t, quote=False).split(' ')
    if len(w) > k + 2:
        w[k] = w[k] + '&nbsp; '
    return ' '.join(w)

# ---------------------------------------------------------------- blocks
def blocks_html(blocks, img='center', pstyle='plain', heading='h3'):
    out, exp, imgs = [], [], []
    for b in blocks:
        kind = b[0]
        if kind == 'p':
            t = b[1]
            if pstyle == 'plain':
                out.append('<p>%s</p>' % nb(t))
            elif pstyle == 'justify':
                out.append('<p style="text-align: justify;"><span style="font-size:14px;"><span style="font-family:Arial,Helvetica,sans-serif;">%s</span></span></p>' % nb(t))
            elif pstyle == 'div':
                out.append('<div style="text-align: justify;">%s</div>' % nb(t))
            elif pstyle == 'br':
                out.append('%s<br />\n<br />\n' % nb(t))
            elif pstyle == 'font':
                out.append('<p class="MsoNormal" style="text-indent:36.0pt"><font face="Times New Roman" size="3">%s</font></p>' % nb(t))
            exp.append(t)
        elif kind == 'h':
            if heading == 'strong':
                out.append('<p><strong>%s</strong></p>' % E(b[1]))
            else:
                out.append('<%s>%s</%s>' % (heading, E(b[1]), heading))
            exp.append(b[1])
        elif kind in ('ul', 'ol'):
            items = ''.join('<li>%s</li>' % E(i) for i in b[1])
            out.append('<%s>%s</%s>' % (kind, items, kind))
            if kind == 'ul':
                exp.append('\n'.join('- ' + i for i in b[1]))
            else:
                exp.append('\n'.join('%d. %s' % (n + 1, i) for n, i in enumerate(b[1])))
        elif kind == 'table':
            rows = ''.join('<tr>%s</tr>' % ''.join('<td><p>%s</p></td>' % E(c) for c in r) for r in b[1])
            out.append('<table border="1" cellpadding="0" cellspacing="0" style="width:100%%"><tbody>%s</tbody></table>' % rows)
            exp.append('\n'.join(' | '.join(r) for r in b[1]))
        elif kind == 'img':
            src, cap = b[1], b[2]
            imgs.append((src, cap))
            if img == 'center':
                out.append('<p style="text-align: center;"><img alt="" src="%s" style="width: 600px; height: 400px;" /></p>\n<p style="text-align: center;"><em>%s</em></p>' % (src, E(cap)))
            elif img == 'figure':
                out.append('<figure class="wp-block-image size-large"><img src="%s" alt="" /><figcaption>%s</figcaption></figure>' % (src, E(cap)))
            elif img == 'wpcaption':
                out.append('<div id="attachment_12" class="wp-caption aligncenter" style="width: 610px"><img class="size-full" src="%s" alt="" width="600" /><p class="wp-caption-text">%s</p></div>' % (src, E(cap)))
            elif img == 'table':
                out.append('<table align="center" class="image" style="width:600px"><tbody><tr><td><img src="%s" /></td></tr><tr><td class="image_desc"><i>%s</i></td></tr></tbody></table>' % (src, E(cap)))
            elif img == 'br':
                out.append('<center><img src="%s" border="0"><br><i>%s</i></center><br>\n' % (src, E(cap)))
    return '\n'.join(out), exp, imgs

# ---------------------------------------------------------------- noise
def topbar(today='Thứ Hai, 21/11/2022'):
    return '<div class="top-bar"><span class="top-date">%s</span> <a href="/lien-he">Liên hệ</a> | <a href="/so-do">Sơ đồ site</a></div>' % today

def banner(site, slogan='CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XI'):
    return ('<div class="banner"><a href="/"><img src="/images/logo.png" alt="%s" /></a>'
            '<div class="site-name">%s</div><div class="slogan">%s</div></div>') % (E(site), E(site), slogan)

MENU = ['Trang chủ', 'Giới thiệu', 'Tin tức - Sự kiện', 'Văn bản pháp quy', 'Thủ tục hành chính', 'Hỏi đáp', 'Liên hệ']
def menu(cls='menu'):
    return '<div class="%s"><ul>%s</ul></div>' % (cls, ''.join('<li><a href="/%d">%s</a></li>' % (i, m) for i, m in enumerate(MENU)))

def crumbs(cat):
    return '<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a> &gt; <span>%s</span></div>' % E(cat)

def counter():
    return ('<div class="thongke"><h3>Thống Kê Truy Cập</h3><ul><li>Đang truy cập: <b>25</b></li>'
            '<li>Hôm nay: <b>1.024</b></li><li>Tổng lượt Truy cập: <b>1.234.567</b></li></ul></div>')

def tools():
    return '<div class="tool-bar"><a href="#" onclick="zoomIn()">A+</a> <a href="#" onclick="zoomOut()">A-</a> <a href="javascript:window.print()">In</a></div>'

def share():
    return ('<div class="share-links"><span>Chia sẻ:</span> <a href="https://facebook.com/sharer">Facebook</a> '
            '<a href="https://zalo.me/share">Zalo</a> <a href="mailto:?">Gửi email</a></div>')

OTHER = [('Hội thảo tham vấn đề xuất dự án hợp tác quốc tế về khoa học', '12/11/2022'),
         ('Tập huấn kiến thức sở hữu trí tuệ cho doanh nghiệp nhỏ và vừa', '08/11/2022'),
         ('Giao ban công tác quản lý nhà nước về tiêu chuẩn đo lường chất lượng', '02/11/2022'),
         ('Kiểm tra việc thực hiện các đề tài nghiên cứu khoa học cấp cơ sở', '28/10/2022'),
         ('Công bố quyết định thành lập Hội đồng khoa học tỉnh nhiệm kỳ mới', '20/10/2022')]
def related(label='Các tin khác', cls='tinkhac'):
    items = ''.join('<li><a href="/tin/%d">%s</a> <span class="date">(%s)</span></li>' % (i, E(t), d) for i, (t, d) in enumerate(OTHER))
    return '<div class="%s"><h3 class="title">%s</h3><ul>%s</ul></div>' % (cls, label, items)

def comments():
    return ('<div class="binhluan"><h4>Ý kiến bạn đọc - Gửi bình luận</h4><form action="/binh-luan" method="post">'
            '<p>Họ tên: <input type="text" name="ten" /></p><p>Email: <input type="text" name="email" /></p>'
            '<p><textarea name="noidung"></textarea></p><p><img src="/captcha.ashx" alt="captcha" /> <a href="#">reset captcha</a></p>'
            '<input type="submit" value="Gửi bình luận" /> <input type="reset" value="Nhập lại" /></form></div>')

def partners():
    return ('<div class="weblink"><h3>Liên kết website</h3><ul><li><a href="https://vusta.vn">Liên hiệp Hội Việt Nam</a></li>'
            '<li><a href="https://most.gov.vn">Bộ Khoa học và Công nghệ</a></li><li><a href="/quy">Quỹ hỗ trợ sáng tạo kỹ thuật Việt Nam</a></li></ul></div>')

def footer(site, tag='div'):
    return ('<%s class="footer"><p>Cơ quan chủ quản: %s</p><p>Địa chỉ: Số 12 đường Lê Lợi, phường 1, thành phố. Điện thoại: (0277) 3851 234 - Email: vanphong@example.gov.vn</p>'
            '<p>Giấy phép số 45/GP-TTĐT ngày 12/03/2015. Cập nhật lúc 08:00 ngày 21/11/2022. © Bản quyền thuộc về %s. Thiết kế website</p></%s>') % (tag, E(site), E(site), tag)

def head(title_tag, og=None, extra='', charset='utf-8', generator=None):
    h = '<meta charset="%s" />' % charset if charset else ''
    h += '<title>%s</title>' % E(title_tag)
    if og:
        h += '<meta property="og:title" content="%s" />' % E(og, quote=True)
    if generator:
        h += '<meta name="generator" content="%s" />' % generator
    h += '<link rel="stylesheet" href="/css/site.css" /><script type="text/javascript">var _gaq = _gaq || []; _gaq.push(["_trackPageview"]);</script>'
    return '<head>%s%s</head>' % (h, extra)

def author_end(name, style='right'):
    if style == 'right':
        return '<p style="text-align: right;"><strong>%s</strong></p>' % E(name)
    if style == 'plain':
        return '<p>%s</p>' % E(name)
    if style == 'div':
        return '<div style="text-align:right"><b>%s</b></div>' % E(name)
    if style == 'br':
        return '<div align="right"><b>%s</b></div>' % E(name)
    return ''

# ---------------------------------------------------------------- fixtures
FIX = []
def fixture(name, url, html_text, art, published, author, body_paras, kind='article', images=None, encoding='utf-8', nfd=False, content_type='', selectors=None, lead=None):
    FIX.append(dict(name=name, url=url, html=html_text, title=art['title'] if art else '', published=published, author=author,
                    body='\n\n'.join(body_paras), kind=kind, images=images, encoding=encoding, nfd=nfd, content_type=content_type, selectors=selectors, lead=lead))

def page(headhtml, bodyhtml, body_attrs=''):
    return '<!DOCTYPE html>\n<html lang="vi">\n%s\n<body%s>\n%s\n</body>\n</html>\n' % (headhtml, body_attrs, bodyhtml)

# 1. ASP.NET portal (Sở KH&CN), seed 000
def aspnet(name, key, postdate, iso, author, tail, site, summary=None, encoding='utf-8', charset='utf-8', content_type='', img='center', pstyle='justify'):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img=img, pstyle=pstyle)
    if tail:
        bh += author_end(tail, 'plain')
    sm = '<div class="ArticleSummary">%s</div>' % E(summary) if summary else ''
    body = ('<form method="post" action="./ChiTietTin.aspx?id=1234" id="form1"><div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLTk1" /></div>'
            + topbar() + banner(site) + menu() + '<table class="layout" width="100%"><tr><td class="left" width="220">' + counter() + partners() + '</td><td class="main" valign="top">'
            + crumbs('Hoạt động Khoa học công nghệ')
            + '<div class="ArticleDetail"><div class="ArticleHeader">%s</div><div class="PostDate">%s</div><div class="Author">Tác giả : %s</div>' % (E(a['title']), postdate, E(author if not tail else ''))
            + tools() + sm + '<div class="ArticleContent">' + bh + '</div></div>' + related() + '</td></tr></table>' + footer(site) + '</form>')
    exp2 = ([summary] if summary else []) + exp
    fixture(name, 'https://skhcn.example.gov.vn/Pages/ChiTietTin.aspx?id=1234', page(head(a['title'] + ' - ' + site, charset=charset), body), a, iso, tail or author, exp2,
            images=imgs, encoding=encoding, content_type=content_type, lead=summary)

aspnet('aspnet-kinhphi', 'kinhphi', 'Ngày đăng : 11/11/2022', '2022-11-11T00:00:00+07:00', '', 'MK', 'Sở Khoa học và Công nghệ tỉnh An Giang')
aspnet('aspnet-caicach', 'caicach', 'Ngày đăng : 20/04/2023 15:42', '2023-04-20T15:42:00+07:00', 'Ngọc Hân', None, 'Sở Nội vụ tỉnh Đồng Tháp',
       summary='Năm 2022, tỉnh đạt 87,45 điểm về Chỉ số cải cách hành chính, tăng 7 bậc so với năm trước.', pstyle='plain')
aspnet('aspnet-tiemchung-1258', 'tiemchung', 'Ngày đăng : 05/05/2021', '2021-05-05T00:00:00+07:00', '', 'BBT', 'Sở Y tế tỉnh Bến Tre', encoding='cp1258', charset='windows-1258', pstyle='plain')

# 2. SharePoint blog (Bến Tre), seed 001
def sp_blog(name, key, posted, iso, tail, site):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], pstyle='div')
    bh += author_end(tail, 'div')
    body = ('<form method="post" action="/Lists/Posts/Post.aspx?ID=512" id="aspnetForm"><div id="s4-workspace"><div id="s4-bodyContainer">'
            + banner(site) + '<div class="ms-core-navigation" role="navigation">' + menu() + '</div>'
            + '<div id="ResetPage"><span>Tùy chọn này sẽ đưa trang chủ về bố cục mặc định.</span> <a href="#">Reset</a></div>'
            + '<div id="DeltaPlaceHolderMain"><div class="ms-blog-postList"><div class="ms-blog-postBox">'
            + '<h2 class="ms-blog-postTitle">%s</h2>' % E(a['title'])
            + '<div class="ms-blog-postDate ms-metadata">Đã đăng vào %s</div>' % posted
            + '<div class="ms-blog-postBody"><div class="ms-rtestate-field">' + bh + '</div></div>'
            + '<div class="ms-blog-command"><a href="#">Để lại nhận xét</a> | <a href="#">Thích</a> | <a href="#">Gửi email bài đăng này</a></div>'
            + '</div></div></div>' + '<div class="ms-webpart-zone">' + related('Bài viết gần đây', 'recent-posts') + '</div>'
            + footer(site) + '</div></div></form>')
    fixture(name, 'https://www.example-bentre.gov.vn/Lists/Posts/Post.aspx?ID=512', page(head('Bài đăng', generator='Microsoft SharePoint'), body), a, iso, tail, exp, images=imgs)

sp_blog('sharepoint-blog-kiemnhiem', 'kiemnhiem', '15 Th3, 2019 lúc 7:28', '2019-03-15T07:28:00+07:00', 'Hồng Quốc', 'Cổng thông tin điện tử tỉnh Bến Tre')
sp_blog('sharepoint-blog-moitruong', 'moitruong', '05 Th6, 2023 lúc 3:10 CH', '2023-06-05T15:10:00+07:00', 'Thanh Tâm', 'Cổng thông tin điện tử tỉnh Bến Tre')

# 3. SharePoint publishing page (NFD text in one)
def sp_pub(name, key, datetext, iso, author, site, nfd=False, img='center'):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img=img, pstyle='plain', heading='h2')
    body = ('<form method="post" action="./ChiTiet.aspx" id="aspnetForm"><div id="s4-workspace"><div id="s4-bodyContainer">' + topbar('Thứ Ba, 06/06/2024') + banner(site) + menu('top-nav')
            + '<div id="DeltaPlaceHolderMain"><div class="article article-body">'
            + '<h1 class="ms-pageTitle"><span id="DeltaPlaceHolderPageTitleInTitleArea">%s</span></h1>' % E(a['title'])
            + '<div class="article-date">%s</div>' % datetext
            + '<div class="article-content"><div id="ctl00_PlaceHolderMain_RichHtmlField1__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline">'
            + bh + '</div></div>'
            + '<div class="article-author">%s</div>' % E(author)
            + '</div>' + related('Tin liên quan', 'related-news') + '</div>' + footer(site) + '</div></div></form>')
    fixture(name, 'https://example.gov.vn/tin-tuc/Pages/chi-tiet.aspx?ItemID=77', page(head('Trang chủ', generator='Microsoft SharePoint 15.0'), body), a, iso, author, exp, images=imgs, nfd=nfd)

sp_pub('sharepoint-page-giaoduc-nfd', 'giaoduc', 'Ngày cập nhật: 05/06/2024 09:30', '2024-06-05T09:30:00+07:00', 'Phương Thảo', 'Sở Giáo dục và Đào tạo', nfd=True)
sp_pub('sharepoint-page-dulich', 'dulich', 'Cập nhật: 26/06/2023 16:05', '2023-06-26T16:05:00+07:00', 'Minh Trí', 'Cổng thông tin điện tử tỉnh Đồng Tháp')

FOOTER_WC = ('Cơ quan chủ quản: Sở Khoa học và Công nghệ. Địa chỉ: Số 12 đường Lê Lợi, phường 1, thành phố. Điện thoại: (0277) 3851 234. '
             'Chịu trách nhiệm chính: Giám đốc Sở. Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này.')

def abstracts(n):
    arts = list(A.values())
    return ''.join(('<div class="asset-abstract"><h3 class="asset-title"><a href="/web/skhcn/-/asset_publisher/x/content/%d">%s</a></h3>'
                    '<div class="asset-summary">%s</div></div>') % (i, E(arts[i]['title']), E(arts[i]['blocks'][0][1][:120] + '…')) for i in range(n))

# 4. Liferay Asset Publisher (Đồng Tháp), seed 004
def liferay_ap(name, key, meta_date, iso, tail, site, img='center', side_abstracts=False):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img=img, pstyle='justify')
    bh = '<div class="title-detail"><strong>%s</strong></div>' % E(a['title']) + bh + author_end(tail, 'right')
    md = '<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">%s</span><span class="metadata-entry metadata-view-count">Lượt xem: 312</span></div>' % meta_date if meta_date else ''
    body = ('<div id="wrapper">' + banner(site) + '<nav class="sort-pages modify-pages" id="navigation" role="navigation">' + menu() + '</nav>'
            + '<div id="content"><div class="columns-2"><div class="portlet-column portlet-column-first" id="column-1">'
            + '<div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_101_INSTANCE_zV6Kd2mb_">'
            + '<section class="portlet"><header class="portlet-topper"><h2 class="portlet-title"><span class="portlet-title-text">Xuất bản thông tin</span></h2></header>'
            + '<div class="portlet-content"><div class="portlet-body">'
            + '<div class="taglib-header"><h1 class="header-title"><span class="header-back-to"><a class="icon-circle-arrow-left previous-level" href="/web/skhcn/tin-tuc"><span class="helper-hidden-accessible">null</span></a></span> <span title="%s">%s</span></h1></div>' % (E(a['title'], quote=True), E(a['title']))
            + '<div class="asset-full-content default-asset-publisher show-asset-title"><div class="portlet-heading">Chi tiết bài viết <span>TIN HOẠT ĐỘNG CỦA SỞ</span></div>'
            + '<div class="asset-content"><div class="journal-content-article">' + bh + '</div></div>' + md
            + '<div class="taglib-social-bookmarks"><a href="#">Facebook</a> <a href="#">Twitter</a></div></div>'
            + '</div></div></section></div></div>'
            + '<div class="portlet-column portlet-column-last" id="column-2"><div class="portlet-boundary portlet-boundary_101_" id="p_p_id_101_INSTANCE_other_"><section class="portlet"><div class="portlet-body">'
            + (abstracts(4) if side_abstracts else related('Tin cùng chuyên mục', 'asset-publisher-other')) + counter() + '</div></section></div></div></div></div>'
            + '<div class="portlet-boundary portlet-boundary_56_" id="p_p_id_56_INSTANCE_footer_"><div class="portlet-body"><div class="journal-content-article"><p>' + E(FOOTER_WC) + '</p></div></div></div>'
            + footer(site, 'footer') + '</div>')
    fixture(name, 'https://skhcn.example.gov.vn/web/skhcn/tin-tuc/-/asset_publisher/zV6Kd2mb/content/dai-hoi', page(head(site, og=site), body, ' class="controls-visible guest-site signed-out public-page site"'), a, iso, tail, exp, images=imgs)

liferay_ap('liferay-ap-daihoi', 'daihoi', '', '', 'Trúc Ly', 'Sở Khoa học và Công nghệ tỉnh Đồng Tháp')
liferay_ap('liferay-ap-sidebar-tiemchung', 'tiemchung', '22/05/2023', '2023-05-22T00:00:00+07:00', 'Ngọc Mai', 'Sở Y tế tỉnh Đồng Tháp', side_abstracts=True)
liferay_ap('liferay-ap-nongthon', 'nongthon', '14/03/2023', '2023-03-14T00:00:00+07:00', 'Thanh Nhàn', 'Sở Khoa học và Công nghệ tỉnh Đồng Tháp', img='table')

# 5. Liferay with the VNPT news portlet
def liferay_vnpt(name, key, datetext, iso, author, site, sapo):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='table', pstyle='justify')
    body = (topbar() + '<div id="wrapper">' + banner(site) + menu('navbar')
            + '<div class="portlet-boundary portlet-boundary_vnptnewsdetail_WAR_vnptportlet_" id="p_p_id_vnptnewsdetail_WAR_vnptportlet_"><div class="portlet-body">'
            + '<div class="vnpt-news-detail"><h2 class="title">%s</h2><div class="date">%s</div>' % (E(a['title']), datetext)
            + tools() + '<div class="sapo"><strong>%s</strong></div>' % E(sapo)
            + '<div class="content">' + bh + '</div><div class="author">Tác giả: %s</div>' % E(author)
            + share() + '<div class="vnpt-other-news">' + related() + '</div></div></div></div>'
            + '<div class="portlet-boundary" id="p_p_id_comment_"><div class="portlet-body">' + comments() + '</div></div>'
            + footer(site) + '</div>')
    fixture(name, 'https://example-tinh.gov.vn/web/portal/chi-tiet-tin?articleId=8812', page(head(a['title'] + ' | ' + site), body), a, iso, author, [sapo] + exp, images=imgs, lead=sapo)

liferay_vnpt('liferay-vnpt-nhiemvu', 'nhiemvu', 'Thứ năm, 02 Tháng 3 2023', '2023-03-02T00:00:00+07:00', 'Minh Khoa', 'Cổng thông tin điện tử tỉnh Hậu Giang',
             'Danh mục gồm 12 nhiệm vụ khoa học và công nghệ cấp tỉnh, tập trung vào ba lĩnh vực ưu tiên.')
liferay_vnpt('liferay-vnpt-giaothong', 'giaothong', 'Thứ sáu, 15 Tháng 9 2023 | 10:20', '2023-09-15T10:20:00+07:00', 'Quốc Bảo', 'Cổng thông tin điện tử tỉnh Hậu Giang',
             'Tuyến đường dài 12,4 km, tổng mức đầu tư hơn 480 tỷ đồng, dự kiến hoàn thành năm 2025.')

# 6. Liferay with the EcoIT portlet
def liferay_ecoit(name, key, datetext, iso, tail, site):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='plain', heading='strong')
    bh += author_end(tail, 'right')
    body = ('<div class="container">' + banner(site) + menu()
            + '<div class="portlet-boundary portlet-boundary_ecoitnewsdetail_" id="p_p_id_ecoitnewsdetail_WAR_ecoitportlet_"><div class="portlet-body">'
            + '<div class="ecoit-news-detail"><h1 class="title">%s</h1><div class="date">%s</div>' % (E(a['title']), datetext)
            + '<div class="content">' + bh + '</div></div>'
            + '<div class="ecoit-news-other">' + related('Tin khác') + '</div></div></div>' + footer(site) + '</div>')
    fixture(name, 'https://stttt.example.gov.vn/tin-tuc/-/view-content/123', page(head(a['title']), body), a, iso, tail, exp, images=imgs)

liferay_ecoit('liferay-ecoit-chuyendoiso', 'chuyendoiso', 'Cập nhật: 10/01/2023 08:15', '2023-01-10T08:15:00+07:00', 'Hải Yến', 'Sở Thông tin và Truyền thông')
liferay_ecoit('liferay-ecoit-moitruong', 'moitruong', 'Ngày xuất bản: 06/06/2023', '2023-06-06T00:00:00+07:00', 'PV', 'Sở Tài nguyên và Môi trường')

# 7. IBM WebSphere Portal
def websphere(name, key, datetext, iso, author, site, summary, wcm=True):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='justify')
    if wcm:
        inner = ('<div class="wcm-article"><h1 class="title">%s</h1><span class="date">%s</span><div class="summary"><b>%s</b></div>' % (E(a['title']), datetext, E(summary))
                 + '<div class="content">' + bh + '</div><div class="author">%s</div></div>' % E(author))
        exp2 = [summary] + exp
    else:
        bh += author_end(author, 'right')
        inner = ('<div class="chitiet"><div class="tieude-tin">%s</div><div class="ngay-dang">%s</div>' % (E(a['title']), datetext)
                 + '<div class="noidung-tin">' + bh + '</div></div>')
        exp2 = exp
    body = ('<div class="wpthemeFrame"><div class="wpthemeHeader">' + banner(site) + '</div>'
            + '<div class="wpthemeNav"><ul><li><a href="/wps/portal/home">Trang chủ</a></li><li><a href="/wps/portal/tin-tuc">Tin tức</a></li></ul></div>'
            + '<div class="wpthemeMainContent"><div class="component-container ibmDndColumn"><div class="component-control"><section class="ibmPortalControl wpthemeControl a11yRegionTarget">'
            + '<div class="wpthemeControlHeader"><h2>Chi tiết tin</h2></div><div class="wpthemeControlBody"><div class="wpsPortletBody">' + inner + '</div></div></section></div>'
            + '<div class="component-control"><section class="ibmPortalControl wpthemeControl"><div class="wpsPortletBody">' + related() + '</div></section></div></div></div>'
            + footer(site) + '</div>')
    fixture(name, 'https://example.gov.vn/wps/portal/home/tin-tuc/chi-tiet/!ut/p/z1/04_Sj9CPykssy0xPLMnMz0vMAfIjo8zi', page(head(site), body), a, iso, author, exp2, images=imgs, lead=summary if wcm else None)

websphere('websphere-wcm-btv', 'btv', '23/09/2022 14:30', '2022-09-23T14:30:00+07:00', 'BTV', 'Cổng thông tin điện tử tỉnh Bắc Ninh', 'Kế hoạch xác định các mô hình tiếp tục, tạm dừng và kết thúc thí điểm trên địa bàn tỉnh.')
websphere('websphere-custom-giaoduc', 'giaoduc', 'Ngày đăng: 18/08/2023', '2023-08-18T00:00:00+07:00', 'Lan Anh', 'Cổng thông tin điện tử tỉnh Thừa Thiên Huế', '', wcm=False)

# 8. Joomla
def joomla(name, key, iso, shown, author, site, j4=False):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='plain')
    cls = 'com-content-article item-page' if j4 else 'item-page'
    bodycls = 'com-content-article__body' if j4 else ''
    body = ('<div class="site-grid">' + '<header class="header container-header">' + banner(site) + menu('mod-menu') + '</header>'
            + '<main><div class="%s" itemscope itemtype="https://schema.org/Article"><meta itemprop="inLanguage" content="vi-VN" />' % cls
            + '<div class="page-header"><h2 itemprop="headline">%s</h2></div>' % E(a['title'])
            + '<dl class="article-info text-muted"><dt class="article-info-term">Chi tiết</dt><dd class="createdby" itemprop="author" itemscope itemtype="https://schema.org/Person">Viết bởi <span itemprop="name">%s</span></dd>' % E(author)
            + '<dd class="category-name">Danh mục: <a href="/tin-tuc">Tin tức</a></dd>'
            + '<dd class="published"><time datetime="%s" itemprop="datePublished">%s</time></dd><dd class="hits"><meta itemprop="interactionCount" content="UserPageVisits:120" />Lượt xem: 120</dd></dl>' % (iso, shown)
            + '<div itemprop="articleBody" class="%s">' % bodycls + bh + '</div>'
            + '<ul class="pager pagenav"><li class="previous"><a href="/tin-truoc">Trước</a></li><li class="next"><a href="/tin-sau">Tiếp theo</a></li></ul></div></main>'
            + '<div class="moduletable">' + related('Tin mới nhất', 'latestnews') + '</div>' + footer(site, 'footer') + '</div>')
    fixture(name, 'https://sonn.example.gov.vn/index.php/tin-tuc/%s' % key, page(head(a['title'] + ' - ' + site, generator='Joomla! - Open Source Content Management'), body), a, iso, author, exp, images=imgs)

joomla('joomla3-dulich', 'dulich', '2023-06-15T08:20:00+07:00', 'Thứ năm, 15 Tháng 6 2023 08:20', 'Thu Hà', 'Sở Văn hóa, Thể thao và Du lịch')
joomla('joomla4-nongthon', 'nongthon', '2023-04-12T14:00:00+07:00', '12/04/2023', 'Văn Phúc', 'Sở Nông nghiệp và Phát triển nông thôn', j4=True)

# 9. WordPress
def wordpress(name, key, iso, shown, author, site, jsonld=False, tail=None):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='figure' if jsonld else 'wpcaption', pstyle='plain')
    if tail:
        bh += author_end(tail, 'right')
    extra = ''
    if jsonld:
        extra = '<script type="application/ld+json">%s</script>' % json.dumps({"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": site}, {"@type": "NewsArticle", "headline": a['title'], "datePublished": iso,
             "author": {"@type": "Person", "name": author}, "publisher": {"@type": "Organization", "name": site}}]}, ensure_ascii=False)
    body = ('<div id="page" class="site"><header id="masthead" class="site-header">' + banner(site) + '<nav class="main-navigation">' + menu() + '</nav></header>'
            + '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">'
            + '<article id="post-345" class="post-345 post type-post status-publish format-standard hentry category-tin-tuc">'
            + '<header class="entry-header"><h1 class="entry-title">%s</h1><div class="entry-meta"><span class="posted-on">Đăng ngày <a href="#" rel="bookmark"><time class="entry-date published" datetime="%s">%s</time></a></span>' % (E(a['title']), iso, shown)
            + '<span class="byline"> bởi <span class="author vcard"><a class="url fn n" href="/author/x">%s</a></span></span></div></header>' % E(author)
            + '<div class="entry-content">' + bh
            + '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Chia sẻ:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li></ul></div>'
            + '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Bài viết liên quan</em></h3></div></div>'
            + '<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="#">Tin tức</a></span></footer></article>'
            + '<nav class="navigation post-navigation"><a href="#">Bài trước</a><a href="#">Bài sau</a></nav>'
            + '<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3>Để lại bình luận</h3><form id="commentform"><textarea></textarea><input type="submit" value="Phản hồi" /></form></div></div>'
            + '</main></div><aside id="secondary" class="widget-area">' + related('Bài viết mới', 'widget widget_recent_entries') + '</aside></div>' + footer(site, 'footer') + '</div>')
    fixture(name, 'https://example-huyen.gov.vn/%s/' % key, page(head(a['title'] + ' – ' + site, og=a['title'], extra=extra, generator='WordPress 6.3.1'), body, ' class="post-template-default single single-post"'), a, iso, tail or author, exp, images=imgs)

wordpress('wordpress-giaothong', 'giaothong', '2023-06-20T07:45:00+07:00', '20/06/2023', 'Hoàng Nam', 'UBND huyện Tam Nông')
wordpress('wordpress-jsonld-tiemchung', 'tiemchung', '2023-07-01T09:00:00+07:00', '01/07/2023', 'Thanh Tâm', 'Trung tâm Y tế huyện', jsonld=True, tail='Thanh Tâm')

# 10. DNN
def dnn(name, key, datetext, iso, author, site, summary=None, easy=True):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='plain')
    if easy:
        inner = ('<div class="DnnModule DnnModule-EasyDNNnews DnnModule-512"><a name="512"></a><div class="DNNContainer_noTitle"><div id="dnn_ctr512_ContentPane">'
                 + '<div class="eds_news_module_512 news eds_subCollection_news eds_news_Ozone"><div class="edn_article edn_clearFix">'
                 + '<h1 class="edn_articleTitle">%s</h1><div class="edn_metaDetails"><span class="edn_articleDate">%s</span></div>' % (E(a['title']), datetext)
                 + ('<div class="edn_articleSummary">%s</div>' % E(summary) if summary else '')
                 + '<div class="edn_articleContent">' + bh + '</div><div class="edn_articleAuthor">%s</div>' % E(author)
                 + '<div class="edn_socialPrintWrapper"><a href="#">In</a> <a href="#">Facebook</a></div></div>' + related('Tin liên quan', 'edn_relatedArticles') + '</div></div></div></div>')
        exp2 = ([summary] if summary else []) + exp
    else:
        bh = '<p><em>%s</em></p>' % datetext + bh + author_end(author, 'right')
        inner = ('<div class="DnnModule DnnModule-DNN_HTML DnnModule-420"><div class="DNNContainer_Title"><h2 class="Head"><span id="dnn_ctr420_dnnTITLE_titleLabel" class="Head">%s</span></h2>' % E(a['title'])
                 + '<div id="dnn_ctr420_ContentPane" class="DNNModuleContent ModDNNHTMLC"><div id="dnn_ctr420_HtmlModule_lblContent" class="Normal">' + bh + '</div></div></div></div>'
                 + '<div class="DnnModule DnnModule-DNN_HTML DnnModule-421"><div class="DNNModuleContent">' + related() + '</div></div>')
        exp2 = exp
    body = ('<form method="post" action="/tin-tuc/tabid/60/Default.aspx" id="Form"><div id="dnn_ctr_Wrapper">' + banner(site) + '<div id="dnn_dnnMENU_RadMenu1" class="RadMenu">' + menu() + '</div>'
            + '<div id="dnn_ContentPane" class="contentPane">' + inner + '</div><div id="dnn_RightPane">' + counter() + '</div>' + footer(site) + '</div></form>')
    fixture(name, 'https://example.gov.vn/tin-tuc/tabid/60/ArticleID/%d/Default.aspx' % len(FIX), page(head(a['title'] + ' > ' + site, generator='DotNetNuke'), body), a, iso, author, exp2, images=imgs, lead=summary)

dnn('dnn-easydnn-caicach', 'caicach', 'Thứ sáu, 14/07/2023 10:05', '2023-07-14T10:05:00+07:00', 'Duy Khánh', 'Sở Nội vụ', summary='Tỉnh xếp thứ 15/63 về Chỉ số cải cách hành chính năm 2022.')
dnn('dnn-html-kiemnhiem', 'kiemnhiem', 'Cập nhật ngày 03/08/2023', '2023-08-03T00:00:00+07:00', 'Ban Tuyên giáo', 'Huyện ủy Châu Thành', easy=False)

# 11. Drupal
def drupal(name, key, iso, shown, author, site, d7=False):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='figure', pstyle='plain')
    if d7:
        art = ('<div id="node-12" class="node node-article node-promoted clearfix" about="/tin-tuc/%s" typeof="sioc:Item foaf:Document">' % key
               + '<h1 class="title" id="page-title">%s</h1>' % E(a['title'])
               + '<div class="submitted"><span property="dc:date dc:created" content="%s" datatype="xsd:dateTime">Gửi bởi <span class="username">%s</span> vào %s</span></div>' % (iso, E(author), shown)
               + '<div class="content"><div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">' + bh + '</div></div></div>'
               + '<div class="field field-name-field-tags"><div class="field-label">Tags:&nbsp;</div><div class="field-items"><a href="/tags/1">cải cách</a></div></div></div>'
               + '<ul class="links inline"><li class="node-readmore"><a href="#">Xem thêm</a></li></ul></div>')
    else:
        art = ('<article role="article" class="node node--type-article node--view-mode-full"><h1 class="page-title"><span class="field field--name-title">%s</span></h1>' % E(a['title'])
               + '<div class="node__meta"><div class="node__submitted">Gửi bởi <span class="field field--name-uid"><span>%s</span></span> vào <span class="field field--name-created"><time datetime="%s">%s</time></span></div></div>' % (E(author), iso, shown)
               + '<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">' + bh + '</div>'
               + '<div class="field field--name-field-tags field--type-entity-reference"><div class="field__label">Thẻ</div><div class="field__items"><div class="field__item"><a href="/tags/1">môi trường</a></div></div></div>'
               + '<section class="field field--name-comment"><h2>Bình luận</h2>' + comments() + '</section></div></article>')
    body = ('<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas><div class="layout-container"><header role="banner">' + banner(site) + '</header>'
            + '<nav role="navigation">' + menu() + '</nav>' + crumbs('Tin tức') + '<main role="main"><div class="layout-content">' + art + '</div>'
            + '<aside class="layout-sidebar-first" role="complementary">' + related() + '</aside></main>' + footer(site, 'footer') + '</div></div>')
    fixture(name, 'https://example.gov.vn/tin-tuc/%s' % key, page(head(a['title'] + ' | ' + site, generator='Drupal 9 (https://www.drupal.org)' if not d7 else 'Drupal 7 (http://drupal.org)'), body), a, iso, author, exp, images=imgs)

drupal('drupal9-moitruong', 'moitruong', '2023-09-05T09:00:00+07:00', 'Thứ ba, 05/09/2023 - 09:00', 'Minh Tâm', 'Sở Tài nguyên và Môi trường')
drupal('drupal7-caicach', 'caicach', '2022-10-14T08:00:00+07:00', 'Thứ sáu, 14/10/2022 - 08:00', 'admin', 'Sở Nội vụ', d7=True)

# 12. Old table-layout sites with <br> paragraphs
def table_layout(name, key, datetext, iso, tail, site, encoding='utf-8', charset='utf-8', content_type=''):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='br', pstyle='br')
    bh += author_end(tail, 'br') if tail else ''
    dt = '<tr><td class="ngay"><i>%s</i></td></tr>' % datetext if datetext else ''
    cs = ('<meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset) if charset else ''
    body = ('<table width="990" border="0" cellspacing="0" cellpadding="0" align="center"><tr><td colspan="2"><img src="/images/banner.jpg" width="990" height="150"></td></tr>'
            + '<tr><td colspan="2" class="menungang"><a href="/">Trang chủ</a> | <a href="/gioithieu.asp">Giới thiệu</a> | <a href="/tintuc.asp">Tin tức</a> | <a href="/lienhe.asp">Liên hệ</a></td></tr>'
            + '<tr><td width="200" valign="top" class="cotrai"><table width="100%"><tr><td><a href="/tintuc.asp?cat=1">Tin hoạt động</a></td></tr><tr><td><a href="/tintuc.asp?cat=2">Văn bản</a></td></tr><tr><td><a href="/tintuc.asp?cat=3">Thông báo</a></td></tr></table>'
            + '<table width="100%"><tr><td class="tk">Số lượt truy cập: 123456</td></tr></table></td>'
            + '<td width="790" valign="top"><table width="100%" cellpadding="5"><tr><td class="tieude"><font size="4" color="#003399"><b>' + E(a['title']) + '</b></font></td></tr>' + dt
            + '<tr><td class="noidung" align="justify"><font face="Arial" size="2">' + bh + '</font></td></tr>'
            + '<tr><td class="cactinkhac"><b>Các tin tức khác</b><br>' + ''.join('<img src="/images/icon.gif"> <a href="/tin.asp?id=%d">%s</a><br>' % (i, E(t)) for i, (t, d) in enumerate(OTHER)) + '</td></tr>'
            + '</table></td></tr><tr><td colspan="2" align="center" class="chan">Bản quyền thuộc ' + E(site) + '. Địa chỉ: 45 Trần Hưng Đạo. Điện thoại: 0299 3822 111</td></tr></table>')
    html_text = '<html><head>%s<title>%s</title></head><body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">%s</body></html>' % (cs, E(site), body)
    fixture(name, 'http://www.example-lienhiephoi.org.vn/tin.asp?id=%d' % len(FIX), html_text, a, iso, tail, exp, images=imgs, encoding=encoding, content_type=content_type)

table_layout('table-lienhiephoi-nodate', 'lienhiephoi', '', '', 'Tô Hiện', 'Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh')
table_layout('table-nhiemvu', 'nongthon', 'Cập nhật ngày 28.6.2016', '2016-06-28T00:00:00+07:00', 'Tô Hiện', 'Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh')
table_layout('table-giaothong-1258-header', 'giaothong', 'Ngày đăng: 20/04/2021', '2021-04-20T00:00:00+07:00', 'Hà Linh', 'Sở Giao thông vận tải',
             encoding='cp1258', charset='', content_type='text/html; charset=windows-1258')

# 13. A custom portal (provincial TV), no date shown: generic extraction
def custom(name, key, tail, site, author=None):
    a = A[key]
    bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='plain')
    bh += author_end(tail, 'right')
    body = ('<div class="wrapper">' + topbar('Thứ Ba, 27/09/2022') + '<div class="header">' + banner(site) + '</div>' + menu('main-menu')
            + '<div class="container"><div class="col-left"><div class="detail-news"><h1 class="detail-title">%s</h1>' % E(a['title'])
            + tools() + '<div class="detail-body">' + bh + '</div>' + share()
            + comments() + related('Tin cùng chuyên mục', 'box-other') + '</div></div><div class="col-right">' + counter() + partners() + '</div></div>'
            + footer(site) + '</div>')
    fixture(name, 'https://example-btv.vn/thoi-su/%s.html' % key, page(head(a['title'], og=a['title']), body), a, '', author or tail, exp, images=imgs)

custom('custom-tv-btv-nodate', 'btv', 'BTV', 'Đài Phát thanh và Truyền hình tỉnh')
custom('custom-tv-kiemnhiem-nodate', 'lienhiephoi', 'Tô Hiện', 'Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh')
custom('custom-tv-giaoduc-tinanh', 'giaoduc', 'Tin, ảnh: Hồng Nhung', 'Đài Phát thanh và Truyền hình tỉnh', author='Hồng Nhung')
custom('custom-tv-moitruong-org', 'moitruong', 'Minh Khoa (Trung tâm Văn hóa - Thông tin)', 'Đài Phát thanh và Truyền hình tỉnh')

# 14. Per-source overrides: an unknown layout described by CSS selectors
a = A['dulich']
bh, exp, imgs = blocks_html(a['blocks'], img='center', pstyle='plain')
ov = ('<div class="khung"><div class="x1">' + menu() + '</div><div class="x2"><div class="tenbai">%s</div><div class="x3">Tin: Thu Hà — <span class="tg">Đăng 18:30 16-06-2023</span></div>' % E(a['title'])
      + '<div class="baiviet">' + bh + '<div class="quangcao"><a href="/qc"><img src="/qc.gif"></a> Quảng cáo: Tour sen 2 ngày 1 đêm chỉ 990.000 đồng, liên hệ 0909 000 000</div></div></div>'
      + '<div class="x4">' + related() + '</div>' + footer('Báo điện tử tỉnh') + '</div>')
fixture('override-selectors-dulich', 'https://example-bao.vn/du-lich/le-hoi-sen.html', page(head('Báo điện tử tỉnh'), ov), a, '2023-06-16T18:30:00+07:00', 'Thu Hà', exp, images=imgs,
        selectors={'title': '.tenbai', 'body': '.baiviet', 'date': '.tg', 'remove': ['.quangcao']})

# 15. Listings: category pages must not be indexed as articles
def listing_items(n=8):
    arts = list(A.values())
    return [(arts[i % len(arts)]['title'], arts[i % len(arts)]['blocks'][0][1][:160] + '…', '%02d/%02d/2023' % (i + 1, (i % 12) + 1)) for i in range(n)]

li = ''.join(('<div class="asset-abstract"><h3 class="asset-title"><a href="/web/skhcn/tin-tuc/-/asset_publisher/x/content/%d">%s</a></h3>'
              '<div class="asset-metadata"><span class="metadata-publish-date">%s</span></div><div class="asset-summary">%s</div>'
              '<div class="asset-more"><a href="/x/%d">Xem tiếp »</a></div></div>') % (i, E(t), d, E(s), i) for i, (t, s, d) in enumerate(listing_items()))
body = ('<div id="wrapper">' + banner('Sở KH&CN') + menu() + '<div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_101_INSTANCE_list_"><section class="portlet">'
        + '<header class="portlet-topper"><h2 class="portlet-title"><span class="portlet-title-text">Tin hoạt động</span></h2></header><div class="portlet-body">' + li
        + '<div class="taglib-page-iterator"><a href="?p=2">Trang sau</a></div></div></section></div>'
        + '<div class="portlet-boundary portlet-boundary_56_" id="p_p_id_56_INSTANCE_footer_"><div class="portlet-body"><div class="journal-content-article"><p>' + E(FOOTER_WC) + '</p></div></div></div>'
        + footer('Sở KH&CN', 'footer') + '</div>')
fixture('listing-liferay', 'https://skhcn.example.gov.vn/web/skhcn/tin-tuc', page(head('Tin hoạt động - Sở KH&CN'), body), None, '', '', [], kind='listing')

li = ''.join(('<div class="ArticleInList"><a class="ArticleTitle" href="/Pages/ChiTietTin.aspx?id=%d">%s</a> <span class="PostDate">(%s)</span>'
              '<div class="ArticleSummary">%s</div></div>') % (i, E(t), d, E(s)) for i, (t, s, d) in enumerate(listing_items(10)))
body = ('<form method="post" action="./DanhSach.aspx" id="form1">' + banner('Sở Nội vụ') + menu() + crumbs('Tin tức') + '<div class="ListArticle">' + li + '</div>'
        + '<div class="paging"><a href="?page=2">2</a> <a href="?page=3">3</a></div>' + footer('Sở Nội vụ') + '</form>')
fixture('listing-aspnet', 'https://snv.example.gov.vn/Pages/DanhSach.aspx?cat=3', page(head('Tin tức - Sở Nội vụ'), body), None, '', '', [], kind='listing')

li = ''.join(('<article class="post type-post"><header class="entry-header"><h2 class="entry-title"><a href="/bai-%d/">%s</a></h2>'
              '<span class="posted-on"><time class="entry-date" datetime="2023-0%d-10T08:00:00+07:00">%s</time></span></header><div class="entry-summary"><p>%s</p></div></article>') % (i, E(t), (i % 9) + 1, d, E(s)) for i, (t, s, d) in enumerate(listing_items(6)))
body = ('<div id="page" class="site">' + banner('UBND huyện') + '<main id="main" class="site-main"><header class="page-header"><h1 class="page-title">Chuyên mục: Tin tức</h1></header>' + li
        + '<nav class="navigation pagination"><a class="next" href="/page/2/">Trang sau</a></nav></main>' + footer('UBND huyện', 'footer') + '</div>')
fixture('listing-wordpress', 'https://example-huyen.gov.vn/category/tin-tuc/', page(head('Tin tức – UBND huyện', generator='WordPress 6.3'), body, ' class="archive category"'), None, '', '', [], kind='listing')

# ---------------------------------------------------------------- write
def to1258(s):
    out = []
    for ch in unicodedata.normalize('NFC', s):
        try:
            out.append(ch.encode('cp1258'))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize('NFD', ch)
        vowel = [m for m in d[1:] if m in '\u0302\u0306\u031b']
        tones = [m for m in d[1:] if m not in vowel]
        out.append(unicodedata.normalize('NFC', d[0] + ''.join(vowel)).encode('cp1258') + ''.join(tones).encode('cp1258'))
    return b''.join(out)

for f in FIX:
    text = f['html']
    if f['nfd']:
        text = unicodedata.normalize('NFD', text)
    if f['encoding'] == 'cp1258':
        data = to1258(text)
        assert data.decode('cp1258') and unicodedata.normalize('NFC', data.decode('cp1258')) == unicodedata.normalize('NFC', text)
    else:
        data = text.encode('utf-8')
    open(os.path.join(OUT, f['name'] + '.html'), 'wb').write(data)
    exp = {'url': f['url'], 'title': f['title'], 'published': f['published'], 'author': f['author'], 'kind': f['kind'], 'body': f['body']}
    if f['lead']:
        exp['lead'] = f['lead']
    if f['content_type']:
        exp['content_type'] = f['content_type']
    if f['selectors']:
        exp['selectors'] = f['selectors']
    if f['images']:
        exp['images'] = [{'src': s, 'caption': c} for s, c in f['images']]
    open(os.path.join(OUT, f['name'] + '.json'), 'w', encoding='utf-8').write(json.dumps(exp, ensure_ascii=False, indent=2) + '\n')
print(len(FIX), 'fixtures')
