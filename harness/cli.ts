console.log("cli placeholder", process.argv.slice(2).join(" "));
