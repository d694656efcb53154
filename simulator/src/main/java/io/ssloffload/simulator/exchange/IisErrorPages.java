package io.ssloffload.simulator.exchange;

/** The bodies IIS 8.5 sends for the errors the front end models (detailed error text). */
final class IisErrorPages {

    static final String SSL_REQUIRED = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml">
            <head><title>IIS 8.5 Detailed Error - 403.4 - Forbidden</title></head>
            <body>
            <div id="content">
            <div class="content-container">
             <h3>HTTP Error 403.4 - Forbidden</h3>
             <h4>The page you are trying to access is secured with Secure Sockets Layer (SSL).</h4>
            </div>
            <div class="content-container">
             <fieldset><h4>Most likely causes:</h4>
              <ul><li>SSL is required for this site or application.</li></ul>
             </fieldset>
            </div>
            </div>
            </body>
            </html>
            """;

    static final String NOT_FOUND = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml">
            <head><title>404 - File or directory not found.</title></head>
            <body><div id="content"><h2>404 - File or directory not found.</h2>
            <h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3>
            </div></body>
            </html>
            """;

    private IisErrorPages() {
    }
}
