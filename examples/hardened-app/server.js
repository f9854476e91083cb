const http = require("node:http");
const port = Number(process.env.PORT || 8080);
http.createServer((req, res) => {
  res.writeHead(req.url === "/health" ? 200 : 404);
  res.end();
}).listen(port, "0.0.0.0");
