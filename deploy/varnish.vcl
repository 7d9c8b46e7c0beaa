# Varnish in front of the site (docs/deployment.md): it keeps what the site says shared caches may keep
# (Cache-Control: public: pages for their s-maxage, static files for their max-age) and forgets a whole host
# when the site asks it to purge any of its URLs, as any change may show on any page (listings, tags, feeds). Set the backend to where gunicorn listens, and the site's
# VARNISH_URL to where Varnish listens.
vcl 4.1;

backend site {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the site's own processes.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from here."));
        }
        ban("req.http.host == " + req.http.host);
        return (synth(200, "Purged."));
    }
    # Editors, the admin and anything with a cookie go to the site (Varnish's built-in rules pass cookies too).
    if (req.url ~ "^/admin/") {
        return (pass);
    }
}

sub vcl_backend_response {
    # Only what the site marks public is kept; everything else is passed on, never stored.
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}
