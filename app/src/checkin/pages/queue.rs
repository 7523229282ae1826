//! The tap that survives a weak signal (issue 14). On a page without the WASM, a short inline
//! script sends the scan page's 签到 with `fetch`; when the network fails it keeps the tap in
//! the phone's storage (session, kind, ticket or typed code, and the moment it was tapped by
//! the server's clock) and says so, never "签到成功". It retries with backoff, when the
//! browser comes back online, and whenever the trainee opens any of our pages. The server
//! judges a kept tap at the moment it was tapped and flags it 延迟提交
//! (`checkin::service::check_in`). Only a page that proved a fresh code carries the signed
//! note that dates a kept tap (issue 35); a tap from the typed-code page is not kept, and the
//! trainee is told to tap again once the signal is back. Without scripts the form posts as
//! before.
//!
//! A phone may be shared: the kept tap names the trainee who tapped (`who`), and the server
//! refuses it for anyone else who is logged in when it is sent; the script sends only the
//! logged-in trainee's kept taps, and only while one of their pages is open.
use crate::i18n::t;

/// The script for the trainee `me`, with its words from `i18n`.
///
/// A tap is written to the phone's storage *before* it is posted, and taken out when the
/// server answers, so closing WeChat while a post hangs on a weak signal loses nothing; a post
/// is given up after 15 s. Posts go as a plain form would (`Accept: text/html`): the server
/// answers with the redirect back to our page, carrying any error in the URL (`__err`, as
/// without scripts). Only that redirect, or our own JSON answer, counts as the server's:
/// anything else (a Wi-Fi login page, a proxy's error) keeps the tap. On the scan page the
/// server's answer page is simply shown; in the background a refusal shows why, and a passing
/// trouble (the server failing, the session lapsed, too many tries) keeps the tap for later,
/// behind the others. Every tap is kept until answered, so a mistyped code tapped again offline
/// does not replace the first tap; the server makes one row of them. Only `me`'s kept taps are
/// sent; one older than a day is dropped (the server would refuse it anyway).
pub fn tap_queue_script(me: i32) -> String {
    format!(
        "(function(){{var K='peixun.taps',w=window,d=document,L,ME='{me}',\
Q='{queued}',S='{sent}',F='{failed}',R='{refused}',P='{sending}',N='{unkept}';\
try{{L=w.localStorage}}catch(e){{}}\
if(!w.fetch||!L||!w.URLSearchParams||!w.FormData||!w.URL)return;\
function load(){{try{{return JSON.parse(L.getItem(K))||[]}}catch(e){{return[]}}}}\
function keep(q){{try{{q.length?L.setItem(K,JSON.stringify(q)):L.removeItem(K);return true}}catch(e){{return false}}}}\
function without(id){{return load().filter(function(x){{return x.id!==id}})}}\
function say(x,c){{var p=d.getElementById('tap-queue');if(!p){{p=d.createElement('p');\
p.id='tap-queue';var m=d.querySelector('main')||d.body;m.insertBefore(p,m.firstChild)}}\
p.setAttribute('role',c==='error'?'alert':'status');p.className=c;p.textContent=x}}\
function post(u,b){{var a=w.AbortController?new AbortController():null,t=setTimeout(function(){{a&&a.abort()}},15000);\
return fetch(u,{{method:'POST',body:b,credentials:'same-origin',signal:a?a.signal:undefined,\
headers:{{'Accept':'text/html','Content-Type':'application/x-www-form-urlencoded'}}}})\
.then(function(r){{clearTimeout(t);return r}},function(e){{clearTimeout(t);throw e}})}}\
function go(r){{r.redirected?location.replace(r.url):location.reload()}}\
function ours(r){{if(r.redirected)return new URL(r.url).origin===location.origin;\
return(r.headers.get('content-type')||'').indexOf('json')>=0}}\
function err(r){{var e=r.redirected&&new URL(r.url).searchParams.getAll('__err').pop(),j;if(!e)return null;\
try{{return JSON.parse(decodeURIComponent(escape(atob(e.replace(/-/g,'+').replace(/_/g,'/')))))}}catch(x){{return''}}}}\
function why(r){{if(!ours(r))return false;if(!r.redirected)return r.ok?null:r.status>=500||r.status==429||r.status==401?false:R;\
var j=err(r);if(j===null)return null;\
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
var t0=Date.now();\
d.addEventListener('submit',function(e){{var f=e.target;if(!f.matches||!f.matches('form.tap'))return;\
e.preventDefault();if(f.getAttribute('data-busy'))return;f.setAttribute('data-busy','1');\
var at=+f.getAttribute('data-now')+Math.round((Date.now()-t0)/1000),b=new URLSearchParams(new FormData(f)),\
k=new URLSearchParams(b);k.set('tapped',String(at));\
var id=[b.get('session'),b.get('kind'),ME,at,Math.random()].join('/'),\
sh=f.querySelector('input[name=shown]'),\
saved=!!(sh&&sh.value)&&keep(load().concat([{{id:id,who:ME,kept:Date.now(),url:f.action,body:k.toString(),page:location.pathname}}]));\
say(P,'notice');\
function held(){{f.removeAttribute('data-busy');say(saved?Q:N,saved?'notice':'error');if(saved)later()}}\
post(f.action,b.toString()).then(function(r){{if(!ours(r)||!r.redirected&&!r.ok){{held();return}}\
keep(without(id));go(r)}},held)}});\
w.addEventListener('online',function(){{wait=3000;clearTimeout(timer);flush()}});\
d.readyState==='loading'?d.addEventListener('DOMContentLoaded',flush):flush()}})();",
        queued = t::TAP_QUEUED,
        sent = t::TAP_QUEUE_SENT,
        failed = t::TAP_QUEUE_FAILED,
        refused = t::TAP_QUEUE_REFUSED,
        sending = t::TAP_SENDING,
        unkept = t::TAP_NOT_KEPT,
    )
}
