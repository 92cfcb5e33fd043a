import Dispatch
import Glibc
import HTTPServer
import Logging
import NetpolService

/// SIGHUP: reload the tokens file and the TLS certificate and key. Each reload is all or
/// nothing: a broken file keeps what was in force and logs why (never a secret).
final class ReloadOnHangup {
    private let source: any DispatchSourceSignal

    init(tokens: TokenRegistry?, server: HTTPServer, logger: Logger) {
        signal(SIGHUP, SIG_IGN)  // delivered to the dispatch source instead of ending the process
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "lokinetpol.sighup"))
        source.setEventHandler {
            logger.info("received SIGHUP: reloading")
            if let tokens {
                do throws(TokenFileError) {
                    let count = try tokens.reload()
                    logger.notice("tokens file reloaded", metadata: ["tokensFile": "\(tokens.path)", "tokens": "\(count)"])
                } catch {
                    logger.error(
                        "tokens file not reloaded; the previous tokens stay in force",
                        metadata: ["error": "\(error.message)"])
                }
            }
            do throws(HTTPServerError) {
                try server.reloadTLS()
            } catch {
                logger.error(
                    "TLS certificate and key not reloaded; the previous ones stay in force", metadata: ["error": "\(error)"])
            }
        }
        source.resume()
    }

    /// Stops watching SIGHUP.
    func cancel() {
        source.cancel()
    }
}
