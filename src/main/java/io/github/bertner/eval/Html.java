package io.github.bertner.eval;

/**
 * Small HTML helpers shared by the reports.
 */
final class Html {

    /** Script that sorts a table with id {@code t} by the clicked column (numbers numerically). */
    static final String SORT_SCRIPT = "<script>document.querySelectorAll('#t th').forEach((th,i)=>{"
            + "th.onclick=()=>{const tb=document.querySelector('#t tbody');const rows=[...tb.rows];"
            + "const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';"
            + "rows.sort((a,b)=>{const x=a.cells[i].innerText,y=b.cells[i].innerText;"
            + "const n=parseFloat(x)-parseFloat(y);const c=isNaN(n)?x.localeCompare(y):n;return asc?c:-c;});"
            + "rows.forEach(r=>tb.appendChild(r));};});</script>\n";

    private Html() {
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
