//! The tap that survives a weak signal (issue 14). On a page without the WASM, a short inline
//! script sends the scan page's 签到 with `fetch`; when the network fails it keeps the tap in
//! the phone's storage (session, kind, ticket or typed code, and the moment it was tapped by
//! the server's clock) and says so, never "签到成功". It retries with backoff, when the
//! browser comes back online, and whenever the trainee opens any of our pages. The server
//! judges a kept tap at the moment it was tapped and flags it 延迟提交
//! (`checkin::service::check_in`). Without scripts the form posts as before.
//!
//! A phone may be shared: the kept tap names the trainee who tapped (`who`), and the server
//! refuses it for anyone else who is logged in when it is sent. A second tap of the same
//! session and kind while one is kept keeps the first, earlier one.
use crate::i18n::t;

/// The script for the trainee `me`, with its words from `i18n`. It posts as a plain form would
/// (`Accept: text/html`), so the server answers with the redirect back to the page, carrying
/// any error in the URL (`__err`, as without scripts); the scan page then simply shows that
/// page. A refusal takes the tap out of the queue and, on another page, shows why; a passing
/// trouble (the server busy or failing, the session lapsed, too many tries) keeps it for
/// later, behind the others. Only `me`'s kept taps are sent; a kept tap older than a day is
/// dropped (the server would refuse it anyway).
pub fn tap_queue_script(me: i32) -> String {
    format!(
        "(function(){{var K='peixun.taps',w=window,d=document,L,ME='{me}',\
Q='{queued}',S='{sent}',F='{failed}',R='{refused}';\
try{{L=w.localStorage}}catch(e){{}}\
if(!w.fetch||!L||!w.URLSearchParams||!w.FormData||!w.URL)return;\
function load(){{try{{return JSON.parse(L.getItem(K))||[]}}catch(e){{return[]}}}}\
function keep(q){{try{{q.length?L.setItem(K,JSON.stringify(q)):L.removeItem(K)}}catch(e){{}}}}\
function without(id){{return load().filter(function(x){{return x.id!==id}})}}\
function say(x,c){{var p=d.getElementById('tap-queue');if(!p){{p=d.createElement('p');\
p.id='tap-queue';p.setAttribute('role','status');var m=d.querySelector('main')||d.body;\
m.insertBefore(p,m.firstChild)}}p.className=c;p.textContent=x}}\
function post(u,b){{return fetch(u,{{method:'POST',body:b,credentials:'same-origin',\
headers:{{'Accept':'text/html','Content-Type':'application/x-www-form-urlencoded'}}}})}}\
function go(r){{r.redirected?location.replace(r.url):location.reload()}}\
function why(r){{if(!r.redirected)return r.ok?null:r.status>=500||r.status==429||r.status==401?false:R;\
var e=new URL(r.url).searchParams.getAll('__err').pop(),j;if(!e)return null;\
try{{j=JSON.parse(decodeURIComponent(escape(atob(e.replace(/-/g,'+').replace(/_/g,'/')))))}}catch(x){{return R}}\
return j==='Internal'||j==='Unauthenticated'||j.Throttled?false:(j&&j.Invalid)||R}}\
var wait=3000,timer,busy;\
function later(){{clearTimeout(timer);timer=setTimeout(flush,wait);wait=Math.min(wait*2,60000)}}\
function flush(){{var q=load().filter(function(x){{return Date.now()-x.kept<864e5}}),\
mine=q.filter(function(x){{return x.who===ME}});keep(q);if(!mine.length||busy)return;busy=1;var t=mine[0];\
post(t.url,t.body).then(function(r){{busy=0;var m=why(r);\
if(m===false){{keep(without(t.id).concat([t]));say(Q,'notice');later();return}}\
keep(without(t.id));wait=3000;if(location.pathname===t.page){{go(r);return}}\
say(m===null?S:F+m,m===null?'done':'error');flush()}},\
function(){{busy=0;say(Q,'notice');later()}})}}\
function hold(f,b,at){{b.set('tapped',String(at));var id=b.get('session')+'/'+b.get('kind')+'/'+ME;\
keep(without(id).concat([{{id:id,who:ME,kept:Date.now(),url:f.action,body:b.toString(),page:location.pathname}}]));\
f.removeAttribute('data-busy');say(Q,'notice');later()}}\
var t0=Date.now();\
d.addEventListener('submit',function(e){{var f=e.target;if(!f.matches||!f.matches('form.tap'))return;\
e.preventDefault();if(f.getAttribute('data-busy'))return;f.setAttribute('data-busy','1');\
var at=+f.getAttribute('data-now')+Math.round((Date.now()-t0)/1000),b=new URLSearchParams(new FormData(f));\
post(f.action,b.toString()).then(function(r){{why(r)===false?hold(f,b,at):go(r)}},function(){{hold(f,b,at)}})}});\
w.addEventListener('online',function(){{wait=3000;clearTimeout(timer);flush()}});\
d.readyState==='loading'?d.addEventListener('DOMContentLoaded',flush):flush()}})();",
        queued = t::TAP_QUEUED,
        sent = t::TAP_QUEUE_SENT,
        failed = t::TAP_QUEUE_FAILED,
        refused = t::TAP_QUEUE_REFUSED,
    )
}
